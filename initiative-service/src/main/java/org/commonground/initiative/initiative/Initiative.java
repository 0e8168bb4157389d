package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** A program or pilot inside a partnership: proposed by a member, shaped by a committee, moved on published criteria. */
@Entity
public class Initiative extends PanacheEntityBase {

    public enum Kind {
        PROGRAM, PILOT
    }

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String problem;

    @Column(nullable = false)
    public String approach;

    @Column(name = "affinity_group_id")
    public UUID affinityGroupId;

    @Column(name = "proposed_by", nullable = false, updatable = false)
    public UUID proposedBy;

    @Column(name = "proposed_at", nullable = false, updatable = false)
    public Instant proposedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Stage stage;

    @Enumerated(EnumType.STRING)
    @Column(name = "paused_from")
    public Stage pausedFrom;

    @Column(name = "stage_changed_at", nullable = false)
    public Instant stageChangedAt;

    @Column(name = "plan_scope")
    public String planScope;

    @Column(name = "plan_timeline")
    public String planTimeline;

    @Column(name = "criteria_published_at")
    public Instant criteriaPublishedAt;

    @Version
    public long version;

    public static Uni<Initiative> existing(UUID id) {
        return Initiative.<Initiative>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("There is no initiative " + id + "."));
    }

    /** The initiative, locked until the transaction ends: stage changes, committee and plan changes take turns. */
    public static Uni<Initiative> locked(UUID id) {
        return Initiative.<Initiative>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("There is no initiative " + id + "."));
    }
}
