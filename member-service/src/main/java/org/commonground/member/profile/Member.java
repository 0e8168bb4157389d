package org.commonground.member.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** A member of the community, bound once to the subject of their identity. Never serialized to clients. */
@Entity
public class Member extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true, updatable = false)
    public String subject;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "joined_at", nullable = false, updatable = false)
    public Instant joinedAt;

    @Version
    public long version;

    static Member join(String subject, String displayName, Instant now) {
        Member member = new Member();
        member.id = UUID.randomUUID();
        member.subject = subject;
        member.displayName = displayName;
        member.joinedAt = now;
        return member;
    }

    public static Uni<Member> findBySubject(String subject) {
        return find("subject", subject).firstResult();
    }

    /** The member a subject stands for; a 404 problem telling them to join when they have not. */
    public static Uni<Member> joined(String subject) {
        return findBySubject(subject).onItem().ifNull().failWith(() -> ProblemException.notFound(
                "You have not joined yet: POST /api/members with your display name."));
    }
}
