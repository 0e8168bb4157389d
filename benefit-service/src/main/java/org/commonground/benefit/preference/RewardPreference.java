package org.commonground.benefit.preference;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** The reward format a member prefers; keyed by their identity, so only they can ever reach it. */
@Entity
@Table(name = "reward_preference")
public class RewardPreference extends PanacheEntityBase {

    @Id
    public String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RewardFormat format;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
