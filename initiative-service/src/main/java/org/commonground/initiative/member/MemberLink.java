package org.commonground.initiative.member;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** Which member a caller is: learned from member-service's events, forgotten when the member is erased. */
@Entity
@Table(name = "member_link")
public class MemberLink extends PanacheEntityBase {

    @Id
    @Column(name = "member_id")
    public UUID memberId;

    public String subject;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "erased_at")
    public Instant erasedAt;

    /** The caller's member id; a 404 problem when member-service has not told this service they joined. */
    public static Uni<UUID> of(SecurityIdentity identity) {
        return MemberLink.<MemberLink>find("subject", identity.getPrincipal().getName()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "You are not a member here yet: join the community (POST /api/members); it takes a moment to reach every service."))
                .map(link -> link.memberId);
    }

    /**
     * The caller's member id, with their link locked until the transaction ends: two requests of one member that
     * must not interleave (two contributions of one day) take turns.
     */
    public static Uni<UUID> lockedOf(SecurityIdentity identity) {
        return MemberLink.<MemberLink>find("subject", identity.getPrincipal().getName())
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "You are not a member here yet: join the community (POST /api/members); it takes a moment to reach every service."))
                .map(link -> link.memberId);
    }

    /** Whether this id is a member who has not been erased. */
    public static Uni<Boolean> active(UUID memberId) {
        return MemberLink.<MemberLink>findById(memberId).map(link -> link != null && link.erasedAt == null);
    }
}
