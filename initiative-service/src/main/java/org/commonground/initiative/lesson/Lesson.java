package org.commonground.initiative.lesson;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;

/**
 * What an initiative taught: what worked, what did not, what we would do differently, and for whom it matters.
 * Written by its committee (one is required before the initiative moves to EVALUATION, SCALED or RETIRED) or by any
 * member; public and unsigned, kept for good (append-only).
 */
@Entity
@Table(name = "lesson")
public class Lesson extends PanacheEntityBase {

    public enum Kind {
        /** written by a member of the initiative's committee */
        COMMITTEE,
        /** written by another member of the community */
        MEMBER
    }

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    /** the initiative's stage when the lesson was written */
    @Column(nullable = false, updatable = false)
    public String stage;

    @Column(name = "what_worked", nullable = false, updatable = false)
    public String whatWorked;

    @Column(name = "what_did_not", nullable = false, updatable = false)
    public String whatDidNot;

    @Column(name = "do_differently", nullable = false, updatable = false)
    public String doDifferently;

    @Column(name = "for_whom", nullable = false, updatable = false)
    public String forWhom;

    /** kept to tell a member their own lessons; never shown to anyone else */
    @Column(name = "author_member", nullable = false, updatable = false)
    public UUID authorMember;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /**
     * Whether the committee recorded a lesson since the initiative entered its current stage: written by someone who
     * still sits on it (joining, writing a line and leaving does not count).
     */
    public static Uni<Boolean> committeeRecordedSince(UUID initiativeId, Instant since) {
        return NativeSql.count("SELECT count(*) FROM lesson l WHERE l.initiative_id = ?1 AND l.kind = 'COMMITTEE' AND l.created_at >= ?2"
                + " AND EXISTS (SELECT 1 FROM committee_member c WHERE c.initiative_id = l.initiative_id AND c.member_id = l.author_member)",
                initiativeId, since).map(n -> n > 0);
    }
}
