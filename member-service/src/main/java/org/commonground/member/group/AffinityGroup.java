package org.commonground.member.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/** An affinity group: members who share an identity, a place or an interest, with stewards and rotating leads. */
@Entity
@Table(name = "affinity_group")
public class AffinityGroup extends PanacheEntityBase {

    public enum Visibility {
        /** listed on public pages, with its leadership history */
        PUBLIC,
        /** seen only by signed-in members */
        MEMBERS
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Visibility visibility;

    /** the rotation rule: how many terms in a row one lead may serve */
    @Column(name = "max_consecutive_terms", nullable = false)
    public int maxConsecutiveTerms;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;

    public static Uni<AffinityGroup> existing(UUID id) {
        return AffinityGroup.<AffinityGroup>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no group " + id + "."));
    }

    /** The group, locked until the transaction ends: changes to its roster and leadership take turns. */
    public static Uni<AffinityGroup> locked(UUID id) {
        return AffinityGroup.<AffinityGroup>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no group " + id + "."));
    }
}
