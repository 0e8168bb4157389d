package org.commonground.member.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A member of the community, bound once to the subject of their identity. Never serialized to clients. An erased
 * member keeps only the id (a pseudonym the ledgers refer to) and when it was erased.
 */
@Entity
public class Member extends PanacheEntityBase {

    @Id
    public UUID id;

    /** the token's sub; null once erased, so that the person may join again as someone new */
    @Column(unique = true)
    public String subject;

    @Column(name = "display_name")
    public String displayName;

    public String pronouns;

    public String bio;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> skills = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> languages = new ArrayList<>();

    @Column(name = "location_area")
    public String locationArea;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(name = "joined_at", nullable = false, updatable = false)
    public Instant joinedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Version
    public long version;

    static Member join(String subject, Profile profile, Instant now) {
        Member member = new Member();
        member.id = UUID.randomUUID();
        member.subject = subject;
        member.joinedAt = now;
        profile.applyTo(member);
        return member;
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** Empties every personal field; the id stays as a pseudonym. */
    public void erase(Instant now) {
        subject = null;
        displayName = null;
        pronouns = null;
        bio = null;
        skills = new ArrayList<>();
        languages = new ArrayList<>();
        locationArea = null;
        contactEmail = null;
        erasedAt = now;
        updatedAt = now;
    }

    public static Uni<Member> findBySubject(String subject) {
        return find("subject", subject).firstResult();
    }

    /** The member a subject stands for; a 404 problem telling them to join when they have not. */
    public static Uni<Member> joined(String subject) {
        return findBySubject(subject).onItem().ifNull().failWith(() -> ProblemException.notFound(
                "You have not joined yet: POST /api/members with your display name."));
    }

    /**
     * The caller's member row, locked for the rest of the transaction: {@code update} for a change of the member
     * itself (profile, erasure), or shared for a change that hangs on it (a consent, a group membership). Either
     * way an erasure and a change of the same member take turns, and a change that waited for an erasure finds
     * no member (404) instead of writing for one that is gone.
     */
    public static Uni<Member> joinedAndLocked(String subject, boolean update) {
        return Member.<Member>find("subject", subject)
                .withLock(update ? LockModeType.PESSIMISTIC_WRITE : LockModeType.PESSIMISTIC_READ).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "You have not joined yet: POST /api/members with your display name."));
    }

    /** Another member, locked (shared) until the transaction ends, so that they cannot be erased meanwhile. */
    public static Uni<Member> existingAndLocked(UUID id) {
        return Member.<Member>findById(id, LockModeType.PESSIMISTIC_READ)
                .map(member -> member == null || member.erased() ? null : member)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no member " + id + "."));
    }

    /** Another member, by id; erased members are gone for everyone but the ledgers. */
    public static Uni<Member> existing(UUID id) {
        return Member.<Member>findById(id).map(member -> member == null || member.erased() ? null : member)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no member " + id + "."));
    }
}
