package org.commonground.member.partnership;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** A partnership initiative-service published: member-service's own copy, so a consent can name it. */
@Entity
@Table(name = "known_partnership")
public class KnownPartnership extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "partner_name", nullable = false)
    public String partnerName;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** The partnership a consent is limited to; a 400 naming the field when there is no such published partnership. */
    public static Uni<KnownPartnership> required(UUID id) {
        return KnownPartnership.<KnownPartnership>findById(id).onItem().ifNull().failWith(() -> ProblemException.invalid(
                "partnershipId", "is not a published partnership of this community (see /api/public/partnerships)"));
    }
}
