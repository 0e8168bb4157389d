package org.commonground.initiative.participation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A stretch of a member's taking part in an initiative: from opting in to opting out. */
@Entity
public class Participation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Column(name = "joined_at", nullable = false, updatable = false)
    public Instant joinedAt;

    @Column(name = "left_at")
    public Instant leftAt;

    /** The member's current participation in the initiative, or null. */
    public static Uni<Participation> current(UUID initiativeId, UUID memberId) {
        return Participation.<Participation>find("initiativeId = ?1 and memberId = ?2 and leftAt is null", initiativeId, memberId)
                .firstResult();
    }
}
