package org.commonground.benefit.preference;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The reward formats a member accepts, in their order of preference; only they can change it. */
@Entity
@Table(name = "reward_preference")
public class RewardPreference extends PanacheEntityBase {

    @Id
    @Column(name = "member_id")
    public UUID memberId;

    /** Comma-separated formats, most preferred first; empty when they accept none. */
    @Column(nullable = false)
    public String accepts;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    public List<RewardFormat> accepted() {
        return formats(accepts);
    }

    /** Reads the stored comma-separated form. */
    public static List<RewardFormat> formats(String accepts) {
        return accepts.isEmpty() ? List.of() : Arrays.stream(accepts.split(",")).map(RewardFormat::valueOf).toList();
    }
}
