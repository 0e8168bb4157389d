package org.commonground.member.leadership;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.member.group.AffinityGroup;
import org.commonground.member.group.Roster;
import org.commonground.platform.events.EventType;
import org.commonground.platform.governance.RotationRule;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leadership of affinity groups: terms assigned by stewards under the rotation rule, shadows who learn the role,
 * and succession. When a serving term ends and nobody serves the next day, the group's leadership is open and its
 * stewards are told (group.leadership-opened.v1), in the transaction that ended the term.
 */
@ApplicationScoped
public class Leadership {

    /** Why a term ended early, or that it ran its course. */
    public static final String COMPLETED = "completed", STEPPED_DOWN = "stepped-down",
            ENDED_BY_STEWARD = "ended-by-steward", LEFT_GROUP = "left-group",
            ERASED = "erased";

    record LeadershipOpened(UUID groupId, List<UUID> stewardIds, UUID endedTermId, Instant at) {
    }

    /** The payload of group.role-changed.v1: a role's whole state, so that the latest event of a role is the truth. */
    record RoleChanged(UUID roleId, UUID groupId, UUID memberId, String role, LocalDate startsOn, LocalDate endsOn, LocalDate lastDay,
            Instant at) {

        static RoleChanged lead(LeadershipTerm term, Instant at) {
            return new RoleChanged(term.id, term.groupId, term.memberId, "lead", term.startsOn, term.endsOn,
                    term.endedOn == null ? null : term.lastDay(), at);
        }

        static RoleChanged shadow(LeadershipTerm term, UUID memberId, LocalDate namedOn, Instant at) {
            UUID role = UUID.nameUUIDFromBytes(("shadow:" + term.id + ":" + memberId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new RoleChanged(role, term.groupId, memberId, "shadow", namedOn, term.endsOn, null, at);
        }
    }

    private final Outbox outbox;
    private final int restDays;

    Leadership(Outbox outbox, @ConfigProperty(name = "cg.groups.rotation-rest-days", defaultValue = "90") int restDays) {
        this.outbox = outbox;
        this.restDays = restDays;
    }

    /** Assigns a term; call with the group locked, so that two assignments to one group take turns. */
    Uni<LeadershipTerm> assign(AffinityGroup group, UUID memberId, LocalDate startsOn, LocalDate endsOn, LocalDate today, Instant now) {
        if (endsOn.isBefore(startsOn)) {
            throw ProblemException.invalid("endsOn", "must not be before startsOn (" + startsOn + ")");
        }
        if (endsOn.isBefore(today)) {
            throw ProblemException.invalid("endsOn", "must not be in the past: a term is assigned before it ends");
        }
        if (startsOn.isAfter(today.plusYears(2))) {
            throw ProblemException.invalid("startsOn", "must be within 2 years from today");
        }
        if (startsOn.isBefore(today.minusYears(10))) {
            throw ProblemException.invalid("startsOn", "must be within the last 10 years");
        }
        if (endsOn.isAfter(startsOn.plusYears(3))) {
            throw ProblemException.invalid("endsOn", "a term lasts at most 3 years");
        }
        return Roster.belongs(group.id, memberId).invoke(belongs -> {
            if (!belongs) {
                throw ProblemException.ruleBroken("lead-belongs-to-group",
                        "A lead is a member of the group they lead: member " + memberId + " has not joined '" + group.name + "'.");
            }
        }).chain(() -> LeadershipTerm.<LeadershipTerm>list("groupId = ?1 and memberId = ?2", group.id, memberId))
                .map(terms -> {
                    List<RotationRule.Span> spans = terms.stream().filter(t -> !t.cancelled())
                            .map(t -> new RotationRule.Span(t.startsOn, t.lastDay())).toList();
                    new RotationRule(group.maxConsecutiveTerms, restDays)
                            .check(spans, new RotationRule.Span(startsOn, endsOn))
                            .ifPresent(broken -> {
                                throw ProblemException.ruleBroken(broken.rule(), broken.detail());
                            });
                    LeadershipTerm term = new LeadershipTerm();
                    term.id = UUID.randomUUID();
                    term.groupId = group.id;
                    term.memberId = memberId;
                    term.startsOn = startsOn;
                    term.endsOn = endsOn;
                    term.assignedAt = now;
                    return term;
                })
                .call(term -> term.persist())
                .call(term -> announce(RoleChanged.lead(term, now)));
    }

    /** Ends a term early (an upcoming one is cancelled); opens the leadership when nobody else serves. */
    Uni<Void> end(LeadershipTerm term, String reason, LocalDate today, Instant now) {
        boolean wasServing = term.serving(today);
        term.endBefore(today, reason);
        return term.persist().chain(() -> announce(RoleChanged.lead(term, now)))
                .chain(() -> deleteShadows("term_id = ?1", term.id))
                .chain(() -> wasServing ? openIfLeaderless(term.groupId, term.id, today, now) : Uni.createFrom().voidItem());
    }

    /** A lead who leaves the group steps down from it; a shadow who leaves stops shadowing there. */
    public Uni<Void> leftGroup(UUID groupId, UUID memberId, LocalDate today, Instant now) {
        return deleteShadows("member_id = ?1 AND term_id IN (SELECT id FROM leadership_term WHERE group_id = ?2)", memberId, groupId)
                .chain(() -> LeadershipTerm.<LeadershipTerm>list(
                        "groupId = ?1 and memberId = ?2 and endsOn >= ?3 and (endedOn is null or endedOn >= ?3)", groupId, memberId, today))
                .chain(terms -> Sequentially.each(terms, t -> end(t, LEFT_GROUP, today, now)));
    }

    /**
     * Erasure: every term still running or to come ends; the member shadows nobody. Past terms stay as history.
     * The groups concerned are locked (in id order) first, as every other change of their leadership does.
     */
    public Uni<Void> forget(UUID memberId, LocalDate today, Instant now) {
        String running = "memberId = ?1 and endsOn >= ?2 and (endedOn is null or endedOn >= ?2)";
        return deleteShadows("member_id = ?1", memberId)
                .chain(() -> LeadershipTerm.<LeadershipTerm>list(running + " order by groupId", memberId, today))
                .chain(terms -> Sequentially.each(terms.stream().map(t -> t.groupId).distinct().sorted().toList(),
                        AffinityGroup::locked))
                .chain(() -> LeadershipTerm.<LeadershipTerm>list(running, memberId, today))
                .chain(terms -> Sequentially.each(terms, t -> end(t, ERASED, today, now)));
    }

    /**
     * The scheduled end of terms: every term whose last day is before {@code today} is marked completed, and each
     * group left with nobody serving today opens its leadership. Returns how many terms ended.
     */
    public Uni<Integer> endExpired(LocalDate today, Instant now) {
        // group by group, each locked: a replica skips the groups another is handling, and a steward's change to a
        // group's leadership waits for (or is waited for by) the job
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM affinity_group WHERE id IN (SELECT group_id FROM leadership_term"
                                + " WHERE ended_on IS NULL AND ends_on < :today) ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED",
                        AffinityGroup.class)
                        .setParameter("today", today).getResultList())
                .chain(groups -> {
                    int[] ended = { 0 };
                    return Sequentially.each(groups, group -> LeadershipTerm.<LeadershipTerm>list(
                                    "groupId = ?1 and endedOn is null and endsOn < ?2 order by endsOn, id", group.id, today)
                            .chain(expired -> {
                                if (expired.isEmpty()) {
                                    return Uni.createFrom().voidItem();
                                }
                                expired.forEach(term -> {
                                    term.endedOn = term.endsOn;
                                    term.endedReason = COMPLETED;
                                });
                                ended[0] += expired.size();
                                LeadershipTerm last = expired.get(expired.size() - 1);
                                return LeadershipTerm.persist(expired)
                                        .chain(() -> openIfLeaderless(group.id, last.id, today, now));
                            }))
                            .map(done -> ended[0]);
                }));
    }

    private Uni<Void> openIfLeaderless(UUID groupId, UUID endedTermId, LocalDate today, Instant now) {
        return serving(groupId, today).chain(serving -> {
            if (!serving.isEmpty()) {
                return Uni.createFrom().voidItem(); // a successor (or a co-lead) serves
            }
            return Roster.stewardsOf(groupId).chain(stewards -> outbox.add(EventType.GROUP_LEADERSHIP_OPENED,
                    groupId.toString(), groupId.toString(), new LeadershipOpened(groupId, stewards, endedTermId, now)));
        });
    }

    /** The terms serving a group on a day. */
    public static Uni<List<LeadershipTerm>> serving(UUID groupId, LocalDate day) {
        return LeadershipTerm.<LeadershipTerm>list("groupId = ?1 and startsOn <= ?2 and endsOn >= ?2 order by startsOn, id", groupId, day)
                .map(terms -> terms.stream().filter(t -> t.serving(day)).toList());
    }

    /** Names a shadow for a term (and says so in group.role-changed.v1); false when they already shadow it. */
    Uni<Boolean> nameShadow(LeadershipTerm term, UUID memberId, LocalDate today, Instant now) {
        return NativeSql.update("INSERT INTO term_shadow (term_id, member_id, named_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                        term.id, memberId, now)
                .call(rows -> rows > 0 ? announce(RoleChanged.shadow(term, memberId, today, now)) : Uni.createFrom().voidItem())
                .map(rows -> rows > 0);
    }

    /** Tells the community a member took a role, or that a lead term ended early (reporting counts new roles). */
    private Uni<Void> announce(RoleChanged role) {
        return outbox.add(EventType.GROUP_ROLE_CHANGED, role.memberId().toString(), role.memberId().toString(), role);
    }

    static Uni<Void> removeShadow(UUID termId, UUID memberId) {
        return deleteShadows("term_id = ?1 AND member_id = ?2", termId, memberId);
    }

    /** The shadows of each term, by term id. */
    public static Uni<Map<UUID, List<UUID>>> shadowsOf(List<UUID> termIds) {
        if (termIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return TermShadow.<TermShadow>list("termId in ?1 order by namedAt", termIds)
                .map(rows -> rows.stream().collect(Collectors.groupingBy(s -> s.termId,
                        Collectors.mapping(s -> s.memberId, Collectors.toList()))));
    }

    /** The terms a member shadows. */
    public static Uni<List<UUID>> shadowing(UUID memberId) {
        return TermShadow.<TermShadow>list("memberId = ?1 order by namedAt", memberId)
                .map(rows -> rows.stream().map(s -> s.termId).toList());
    }

    private static Uni<Void> deleteShadows(String where, Object... params) {
        return NativeSql.update("DELETE FROM term_shadow WHERE " + where, params).replaceWithVoid();
    }

    static Set<UUID> people(List<LeadershipTerm> terms, Map<UUID, List<UUID>> shadows) {
        Set<UUID> people = new LinkedHashSet<>();
        terms.forEach(t -> people.add(t.memberId));
        shadows.values().forEach(people::addAll);
        return people;
    }
}
