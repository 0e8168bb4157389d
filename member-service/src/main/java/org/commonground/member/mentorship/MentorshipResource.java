package org.commonground.member.mentorship;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commonground.member.accesslog.AccessLog;
import org.commonground.member.profile.Member;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The mentorship and skill-sharing exchange. Members post offers ("I can teach X") and requests ("I want to learn Y")
 * with skills from the shared vocabulary, when they are free and how they like to work. A request's member is shown
 * ranked suggestions (see {@link Matching}) among members who allow directory-listing, and proposes a match; it becomes
 * a mentorship when the mentor accepts too. Either side ends it whenever they like, without a reason. The mentor
 * records the sessions held, each in one of the partnership initiatives they take part in: initiative-service records
 * it as their MENTORING contribution, verified by stewards like any other, so it reaches the ledger and the scorecard.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MentorshipResource {

    static final List<String> TIMES = List.of("WEEKDAY_MORNING", "WEEKDAY_AFTERNOON", "WEEKDAY_EVENING", "WEEKEND");
    static final List<String> FORMATS = List.of("ONE_TO_ONE", "GROUP", "SHADOWING");
    static final int OPEN_LISTINGS = 10;

    /**
     * Whether offer {@code o} (joined with its member {@code m}) may be suggested for a request: open, another member's,
     * who allows directory-listing now, sharing a skill, below its capacity, not proposed for this request already.
     * The arguments are the parameters holding the asking member, the requested skills (comma-separated) and the request.
     */
    static String suggestible(String member, String skills, String request) {
        return "o.kind = 'OFFER' AND o.status = 'OPEN' AND o.member_id <> " + member + " AND m.erased_at IS NULL"
                + " AND o.skills && string_to_array(" + skills + ", ',')::varchar(40)[]"
                + " AND EXISTS (SELECT 1 FROM member_consent c WHERE c.member_id = o.member_id AND c.purpose = 'DIRECTORY_LISTING'"
                + " AND c.scope_key = '' AND c.granted AND (c.expires_at IS NULL OR c.expires_at > now()))"
                + " AND (SELECT count(*) FROM mentoring_match x WHERE x.offer_id = o.id AND x.status IN ('PROPOSED', 'ACTIVE')) < o.capacity"
                + " AND NOT EXISTS (SELECT 1 FROM mentoring_match x WHERE x.request_id = " + request + " AND x.offer_id = o.id"
                + " AND x.status IN ('PROPOSED', 'ACTIVE'))";
    }

    public record Skill(String code, String label, String area) {
    }

    public record NewListing(
            @NotNull(message = "is required: 1 to 5 skills from GET /api/public/skills") @Size(min = 1, max = 5, message = "must name 1 to 5 skills") List<String> skills,
            @NotNull(message = "is required: WEEKDAY_MORNING, WEEKDAY_AFTERNOON, WEEKDAY_EVENING or WEEKEND") @Size(min = 1, max = 4, message = "must name 1 to 4 times") List<String> availability,
            @NotNull(message = "is required: ONE_TO_ONE, GROUP or SHADOWING") @Size(min = 1, max = 3, message = "must name 1 to 3 formats") List<String> formats,
            Integer capacity,
            @Size(max = 1000, message = "must be at most 1000 characters") @PlainText(multiline = true) String note) {
    }

    public record Listing(UUID id, String kind, List<String> skills, List<String> availability, List<String> formats, Integer capacity,
            String note, String status, Instant createdAt) {
    }

    public record Person(UUID memberId, String displayName) {
    }

    public record Suggestion(UUID offerId, Person mentor, List<String> skills, List<String> sharedAvailability, List<String> sharedFormats,
            String note, double score, List<String> because) {
    }

    public record Proposal(@NotNull(message = "is required: the offer you choose from your suggestions") UUID offerId) {
    }

    public record Session(UUID id, UUID mentorshipId, UUID initiativeId, LocalDate heldOn, String hours, UUID contributionId, Instant recordedAt) {
    }

    public record NewSession(@NotNull(message = "is required: an initiative you take part in") UUID initiativeId,
            @NotNull(message = "is required") LocalDate heldOn,
            @NotNull(message = "is required: more than 0 and at most 8") BigDecimal hours) {
    }

    /** A match as one side sees it: the other side by name, its state, and its sessions. */
    public record Mentorship(UUID id, String role, Person other, UUID requestId, UUID offerId, List<String> skills, String status,
            Instant proposedAt, Instant startedAt, Instant endedAt, String endedBy, List<Session> sessions) {
    }

    public record Mine(List<Listing> offers, List<Listing> requests, List<Mentorship> mentorships) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final AccessLog accessLog;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    MentorshipResource(SecurityIdentity identity, Outbox outbox, AccessLog accessLog, Idempotency idempotency) {
        this.identity = identity;
        this.outbox = outbox;
        this.accessLog = accessLog;
        this.idempotency = idempotency;
    }

    @GET
    @Path("/public/skills")
    @PermitAll
    @WithSession
    @Operation(summary = "The shared vocabulary of skills offers and requests name (public)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "406", description = "the Accept header asks for a type this address does not serve")
    public Uni<List<Skill>> skills() {
        return NativeSql.rows("SELECT code, label, area FROM skill ORDER BY area, label")
                .map(rows -> rows.stream().map(r -> new Skill((String) r[0], (String) r[1], (String) r[2])).toList());
    }

    /** A skill in demand or on offer: how many, or "fewer than N" below the smallest group shown. */
    public record SkillCount(String code, String label, String count) {
    }

    /** The exchange in aggregate, for the public dashboard: no one is named, small counts per skill are not shown. */
    public record Summary(Instant asOf, long openOffers, long openRequests, long mentorshipsRunning, long sessionsLast90Days,
            String hoursLast90Days, int smallestGroup, List<SkillCount> mostOffered, List<SkillCount> mostWanted) {
    }

    @GET
    @Path("/public/mentorship")
    @PermitAll
    @WithSession
    @Operation(summary = "The mentorship exchange in aggregate (public): open offers and requests, mentorships running, sessions and "
            + "hours in the last 90 days, and the skills most offered and most wanted",
            description = "No one is named. A skill's count is shown only when at least the smallest group (10) stands behind it; "
                    + "otherwise it reads \"fewer than 10\".")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "406", description = "the Accept header asks for a type this address does not serve")
    public Uni<Summary> summary() {
        return NativeSql.rows("SELECT (SELECT count(*) FROM mentoring_listing WHERE kind = 'OFFER' AND status = 'OPEN'),"
                        + " (SELECT count(*) FROM mentoring_listing WHERE kind = 'REQUEST' AND status = 'OPEN'),"
                        + " (SELECT count(*) FROM mentoring_match WHERE status = 'ACTIVE'),"
                        + " (SELECT count(*) FROM mentoring_session WHERE held_on > current_date - 90),"
                        + " (SELECT COALESCE(sum(hours), 0) FROM mentoring_session WHERE held_on > current_date - 90)")
                .chain(totals -> skillCounts("OFFER").chain(offered -> skillCounts("REQUEST").map(wanted -> {
                    Object[] t = totals.get(0);
                    return new Summary(clock.instant(), ((Number) t[0]).longValue(), ((Number) t[1]).longValue(), ((Number) t[2]).longValue(),
                            ((Number) t[3]).longValue(), ((BigDecimal) t[4]).stripTrailingZeros().toPlainString(), SMALLEST_GROUP, offered, wanted);
                })));
    }

    static final int SMALLEST_GROUP = 10;

    private static Uni<List<SkillCount>> skillCounts(String kind) {
        return NativeSql.rows("SELECT k.code, k.label, count(*) FROM mentoring_listing l CROSS JOIN LATERAL unnest(l.skills) AS s(code) JOIN skill k ON k.code = s.code"
                        + " WHERE l.kind = ?1 AND l.status = 'OPEN' GROUP BY k.code, k.label ORDER BY count(*) DESC, k.label LIMIT 8", kind)
                .map(rows -> rows.stream().map(r -> {
                    long n = ((Number) r[2]).longValue();
                    return new SkillCount((String) r[0], (String) r[1], n >= SMALLEST_GROUP ? Long.toString(n) : "fewer than " + SMALLEST_GROUP);
                }).toList());
    }

    @POST
    @Path("/mentorship/offers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Offer to teach: skills, when you are free, how you like to work, and how many mentorships you take on at once",
            description = "capacity (1 to 10, 2 unless given): once that many mentorships of this offer are proposed or running, it is not suggested.")
    @APIResponse(responseCode = "201", description = "posted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Listing.class)))
    @APIResponse(responseCode = "400", description = "no, too many or unknown skills, times or formats; a capacity outside 1..10; a note too long (each named)")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    @APIResponse(responseCode = "409", description = "rule too-many-listings: " + OPEN_LISTINGS + " open offers and requests at most")
    public Uni<Response> offer(@Valid @NotNull(message = "a JSON body is required") NewListing body) {
        return post("OFFER", body);
    }

    @POST
    @Path("/mentorship/requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Ask to learn: skills, when you are free, how you like to learn; then see your suggestions")
    @APIResponse(responseCode = "201", description = "posted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Listing.class)))
    @APIResponse(responseCode = "400", description = "no, too many or unknown skills, times or formats; a capacity (offers only); a note too long (each named)")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    @APIResponse(responseCode = "409", description = "rule too-many-listings: " + OPEN_LISTINGS + " open offers and requests at most")
    public Uni<Response> request(@Valid @NotNull(message = "a JSON body is required") NewListing body) {
        if (body.capacity() != null) {
            throw ProblemException.invalid("capacity", "is for offers: a request has none");
        }
        return post("REQUEST", body);
    }

    private Uni<Response> post(String kind, NewListing body) {
        List<String> skills = codes("skills", body.skills(), null);
        List<String> times = codes("availability", body.availability(), TIMES);
        List<String> formats = codes("formats", body.formats(), FORMATS);
        int capacity = body.capacity() == null ? 2 : body.capacity();
        if (capacity < 1 || capacity > 10) {
            throw ProblemException.invalid("capacity", "must be from 1 to 10");
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return Member.joinedAndLocked(identity.getPrincipal().getName(), false)
                .call(member -> NativeSql.texts("SELECT x FROM unnest(string_to_array(?1, ',')) AS x WHERE x NOT IN (SELECT code FROM skill)",
                                String.join(",", skills))
                        .invoke(unknown -> {
                            if (!unknown.isEmpty()) {
                                throw ProblemException.invalid("skills[" + skills.indexOf(unknown.get(0)) + "]",
                                        "'" + unknown.get(0) + "' is not in the vocabulary (GET /api/public/skills)");
                            }
                        }))
                .call(member -> NativeSql.count("SELECT count(*) FROM mentoring_listing WHERE member_id = ?1 AND status = 'OPEN'", member.id)
                        .invoke(open -> {
                            if (open >= OPEN_LISTINGS) {
                                throw ProblemException.ruleBroken("too-many-listings", "You have " + open
                                        + " open offers and requests: close one first (POST /api/mentorship/listings/{id}/close).");
                            }
                        }))
                .call(member -> NativeSql.update("INSERT INTO mentoring_listing (id, member_id, kind, skills, availability, formats, capacity, note,"
                        + " status, created_at) VALUES (?1, ?2, ?3, string_to_array(?4, ','), string_to_array(?5, ','), string_to_array(?6, ','),"
                        + " ?7, ?8, 'OPEN', ?9)", id, member.id, kind, String.join(",", skills), String.join(",", times), String.join(",", formats),
                        (short) capacity, body.note() == null ? "" : body.note().strip(), now))
                .chain(member -> listings("l.id = ?1", id))
                .map(list -> Response.status(Response.Status.CREATED).entity(list.get(0)).build());
    }

    @GET
    @Path("/mentorship/mine")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Your offers, requests and mentorships (as mentor and as mentee), with their sessions",
            description = "The other side of each match is named: a mentee chose to ask this mentor, a mentor was suggested because "
                    + "they allow directory-listing. Each name shown is a read logged to its member.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    public Uni<Mine> mine() {
        return Member.joined(identity.getPrincipal().getName()).chain(member -> listings("l.member_id = ?1", member.id)
                .chain(listings -> mentorships(member, "(x.mentor_member = ?1 OR x.mentee_member = ?1)", member.id)
                        .map(mentorships -> new Mine(listings.stream().filter(l -> l.kind().equals("OFFER")).toList(),
                                listings.stream().filter(l -> l.kind().equals("REQUEST")).toList(), mentorships))));
    }

    @POST
    @Path("/mentorship/listings/{id}/close")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Close one of your offers or requests: it is suggested no more (running mentorships go on)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such offer or request of yours")
    public Uni<Listing> close(@PathParam("id") UUID id) {
        return Member.joined(identity.getPrincipal().getName())
                .chain(member -> NativeSql.update("UPDATE mentoring_listing SET status = 'CLOSED', closed_at = COALESCE(closed_at, ?3)"
                        + " WHERE id = ?1 AND member_id = ?2", id, member.id, clock.instant()))
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("You have no offer or request " + id + ".");
                    }
                })
                .chain(() -> listings("l.id = ?1", id)).map(list -> list.get(0));
    }

    @GET
    @Path("/mentorship/requests/{id}/suggestions")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Mentors suggested for your request, best first (at most " + Matching.SUGGESTIONS + ")",
            description = "Candidates: open offers of other members who allow directory-listing now, sharing at least one skill "
                    + "with the request, with fewer mentorships proposed or running than the offer's capacity. Score "
                    + "(0 to 1) = fit × freshness. Fit = 0.6 × the share of your skills the offer covers + 0.25 × the share of your "
                    + "times the mentor is free too + 0.15 if you share a format. Freshness = 1 ÷ (1 + half the matches proposed to "
                    + "the mentor in the last 30 days), so that people not asked lately come first and the same few are not asked "
                    + "again and again, even when they fit best. Ties: the mentor asked least lately, then the older offer. Each "
                    + "suggestion says why, in words. Showing a mentor's name is a read of their data, logged to them.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no open request of yours with this id")
    public Uni<List<Suggestion>> suggestions(@PathParam("id") UUID id) {
        return Member.joined(identity.getPrincipal().getName()).chain(member -> ownOpenRequest(member.id, id)
                .chain(wanted -> NativeSql.rows("SELECT o.id, o.member_id, array_to_string(o.skills, ','), array_to_string(o.availability, ','),"
                                + " array_to_string(o.formats, ','), o.created_at, (SELECT count(*) FROM mentoring_match x WHERE x.mentor_member = o.member_id"
                                + " AND x.proposed_at > now() - make_interval(days => " + Matching.RECENT_DAYS + ")), o.note"
                                + " FROM mentoring_listing o JOIN member m ON m.id = o.member_id WHERE " + suggestible("?1", "?2", "?3"),
                                member.id, String.join(",", wanted.skills()), id)
                        .chain(rows -> {
                            Map<UUID, String> notes = new HashMap<>();
                            List<Matching.Candidate> candidates = new ArrayList<>();
                            for (Object[] r : rows) {
                                notes.put((UUID) r[0], (String) r[7]);
                                candidates.add(new Matching.Candidate((UUID) r[0], (UUID) r[1], set((String) r[2]), set((String) r[3]),
                                        set((String) r[4]), ((Number) r[6]).longValue(), NativeSql.instant(r[5])));
                            }
                            List<Matching.Ranked> ranked = Matching.rank(wanted, candidates);
                            return people(ranked.stream().map(s -> s.candidate().mentorId()).toList(),
                                    "GET /api/mentorship/requests/{id}/suggestions")
                                    .map(names -> ranked.stream().map(s -> new Suggestion(s.candidate().offerId(),
                                            names.get(s.candidate().mentorId()), s.skills(), s.sharedTimes(), s.sharedFormats(),
                                            notes.get(s.candidate().offerId()), s.score(), s.because())).toList());
                        })));
    }

    @POST
    @Path("/mentorship/requests/{id}/matches")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Propose a match with an offer from your suggestions: a mentorship once the mentor accepts too")
    @APIResponse(responseCode = "201", description = "proposed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Mentorship.class)))
    @APIResponse(responseCode = "400", description = "offerId missing")
    @APIResponse(responseCode = "404", description = "no open request of yours with this id")
    @APIResponse(responseCode = "409", description = "rule not-suggested: the offer is not among your suggestions now (closed, yours, "
            + "no skill in common, its mentor unlisted or at capacity, or already proposed)")
    public Uni<Response> propose(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") Proposal body) {
        Instant now = clock.instant();
        UUID match = UUID.randomUUID();
        return Member.joined(identity.getPrincipal().getName()).chain(member -> ownOpenRequest(member.id, id)
                // the offer's row is locked first, in a statement of its own: a mentee who proposed meanwhile has committed
                // before the next statement counts the places, so two cannot both take the last one
                .call(wanted -> NativeSql.ids("SELECT id FROM mentoring_listing WHERE id = ?1 FOR UPDATE", body.offerId()))
                .chain(wanted -> NativeSql.rows("SELECT o.member_id, array_to_string(ARRAY(SELECT s FROM unnest(o.skills) s"
                                + " WHERE s = ANY (string_to_array(?2, ','))), ',') FROM mentoring_listing o JOIN member m ON m.id = o.member_id"
                                + " WHERE o.id = ?1 AND " + suggestible("?3", "?2", "?4"), body.offerId(), String.join(",", wanted.skills()),
                                member.id, id))
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.ruleBroken("not-suggested", "Offer " + body.offerId() + " is not among your suggestions now:"
                                + " see GET /api/mentorship/requests/" + id + "/suggestions.");
                    }
                    return NativeSql.update("INSERT INTO mentoring_match (id, request_id, offer_id, mentee_member, mentor_member, skills, status,"
                            + " proposed_at) VALUES (?1, ?2, ?3, ?4, ?5, string_to_array(?6, ','), 'PROPOSED', ?7)", match, id, body.offerId(),
                            member.id, rows.get(0)[0], rows.get(0)[1], now);
                })
                .chain(() -> mentorships(member, "x.id = ?1", match)))
                .map(list -> Response.status(Response.Status.CREATED).entity(list.get(0)).build());
    }

    @POST
    @Path("/mentorship/matches/{id}/accept")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "As the mentor, accept a proposed match: it becomes a mentorship")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no match proposed to you with this id")
    @APIResponse(responseCode = "409", description = "rule not-proposed: the match was accepted, declined or ended before")
    public Uni<Mentorship> accept(@PathParam("id") UUID id) {
        return answer(id, "ACTIVE");
    }

    @POST
    @Path("/mentorship/matches/{id}/decline")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "As the mentor, decline a proposed match (no reason asked)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no match proposed to you with this id")
    @APIResponse(responseCode = "409", description = "rule not-proposed: the match was accepted, declined or ended before")
    public Uni<Mentorship> decline(@PathParam("id") UUID id) {
        return answer(id, "DECLINED");
    }

    private Uni<Mentorship> answer(UUID id, String status) {
        Instant now = clock.instant();
        return Member.joined(identity.getPrincipal().getName()).chain(member -> NativeSql.rows(
                        "SELECT status FROM mentoring_match WHERE id = ?1 AND mentor_member = ?2 FOR UPDATE", id, member.id)
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("No match " + id + " was proposed to you.");
                    }
                    if (!"PROPOSED".equals(rows.get(0)[0])) {
                        throw ProblemException.ruleBroken("not-proposed", "This match is " + rows.get(0)[0] + " already.");
                    }
                    return NativeSql.update("UPDATE mentoring_match SET status = ?2, " + ("ACTIVE".equals(status) ? "started_at" : "ended_at")
                            + " = ?3 WHERE id = ?1", id, status, now);
                })
                .chain(() -> mentorships(member, "x.id = ?1", id)).map(list -> list.get(0)));
    }

    @POST
    @Path("/mentorship/matches/{id}/end")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "End a mentorship or a proposed match, as either side, at any time, with no reason asked",
            description = "Always allowed: ending what has ended already changes nothing and answers the same.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no match of yours with this id")
    public Uni<Mentorship> end(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Member.joined(identity.getPrincipal().getName()).chain(member -> NativeSql.update("UPDATE mentoring_match SET status = 'ENDED',"
                        + " ended_at = ?3, ended_by = CASE WHEN mentor_member = ?2 THEN 'MENTOR' ELSE 'MENTEE' END"
                        + " WHERE id = ?1 AND (mentor_member = ?2 OR mentee_member = ?2) AND status IN ('PROPOSED', 'ACTIVE')", id, member.id, now)
                .chain(() -> mentorships(member, "x.id = ?1", id))
                .map(list -> {
                    if (list.isEmpty()) {
                        throw ProblemException.notFound("You have no match " + id + ".");
                    }
                    return list.get(0);
                }));
    }

    @POST
    @Path("/mentorship/matches/{id}/sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "As the mentor, record a session held: it becomes your MENTORING contribution in the initiative you name",
            description = "initiative-service records it (with this session's id as the contribution's) for the stewards to verify "
                    + "like any other contribution, so it reaches the ledger and the scorecard. It refuses it, with the reason, when "
                    + "you do not take part in that initiative or the day would hold more than 24 hours: see "
                    + "GET /api/contributions/mine. The mentee is not named in the contribution.")
    @APIResponse(responseCode = "201", description = "recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Session.class)))
    @APIResponse(responseCode = "400", description = "hours not above 0 or over 8, a date in the future, more than two years ago or before the "
            + "mentorship started, an initiative the community does not know (each named); a bad Idempotency-Key")
    @APIResponse(responseCode = "404", description = "no mentorship of yours, as mentor, with this id")
    @APIResponse(responseCode = "409", description = "rule not-active: the mentorship is not running (proposed, declined or ended)")
    public Uni<Response> session(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") NewSession body) {
        BigDecimal hours = body.hours();
        if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(8)) > 0 || hours.scale() > 2) {
            throw ProblemException.invalid("hours", "must be more than 0 and at most 8, in steps of at most a hundredth");
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (body.heldOn().isAfter(today) || body.heldOn().isBefore(today.minusYears(2))) {
            throw ProblemException.invalid("heldOn", "must be a day in the last two years, not in the future");
        }
        Instant now = clock.instant();
        UUID session = UUID.randomUUID();
        return idempotency.once(key, "POST /api/mentorship/matches/" + id + "/sessions", body, () -> Member.joined(identity.getPrincipal().getName())
                .chain(member -> NativeSql.rows("SELECT status, array_to_string(skills, ','), started_at"
                        + " FROM mentoring_match WHERE id = ?1 AND mentor_member = ?2", id, member.id)
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("You mentor in no mentorship " + id + ".");
                    }
                    if (!"ACTIVE".equals(rows.get(0)[0])) {
                        throw ProblemException.ruleBroken("not-active", "This mentorship is " + rows.get(0)[0] + ": sessions are recorded while it runs.");
                    }
                    LocalDate started = LocalDate.ofInstant(NativeSql.instant(rows.get(0)[2]), ZoneOffset.UTC);
                    if (body.heldOn().isBefore(started)) {
                        throw ProblemException.invalid("heldOn", "must not be before the mentorship started (" + started + ")");
                    }
                    List<String> skills = List.of(((String) rows.get(0)[1]).split(","));
                    return NativeSql.rows("SELECT partnership_id FROM known_initiative WHERE id = ?1", body.initiativeId())
                            .chain(initiative -> {
                                if (initiative.isEmpty()) {
                                    throw ProblemException.invalid("initiativeId", "is not an initiative of the community's partnerships");
                                }
                                return NativeSql.update("INSERT INTO mentoring_session (id, match_id, initiative_id, held_on, hours, recorded_at)"
                                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", session, id, body.initiativeId(), body.heldOn(), hours, now)
                                        .chain(() -> outbox.add(EventType.MENTORSHIP_SESSION_HELD, member.id.toString(), session.toString(),
                                                new SessionHeld(session, id, member.id, body.initiativeId(), (UUID) initiative.get(0)[0],
                                                        body.heldOn(), hours, skills, now)));
                            });
                }))
                .map(done -> Response.status(Response.Status.CREATED).entity(new Session(session, id, body.initiativeId(), body.heldOn(),
                        hours.stripTrailingZeros().toPlainString(), session, now)).build()));
    }

    /** mentorship.session-held.v1 */
    record SessionHeld(UUID sessionId, UUID mentorshipId, UUID mentorMemberId, UUID initiativeId, UUID partnershipId, LocalDate heldOn,
            BigDecimal hours, List<String> skills, Instant at) {
    }

    /** What the exchange holds about a member, for their data export: no one else's name is read for it. */
    public record Held(List<Listing> listings, List<HeldMatch> matches) {
    }

    public record HeldMatch(UUID id, String role, UUID otherMemberId, List<String> skills, String status, Instant proposedAt, Instant startedAt,
            Instant endedAt, String endedBy, List<Session> sessions) {
    }

    public static Uni<Held> heldAbout(UUID member) {
        return listings("l.member_id = ?1", member).chain(listings -> NativeSql.rows("SELECT x.id, x.mentor_member, x.mentee_member,"
                        + " array_to_string(x.skills, ','), x.status, x.proposed_at, x.started_at, x.ended_at, x.ended_by FROM mentoring_match x"
                        + " WHERE x.mentor_member = ?1 OR x.mentee_member = ?1 ORDER BY x.proposed_at, x.id", member)
                .chain(rows -> sessions(rows.stream().map(r -> (UUID) r[0]).toList()).map(sessions -> new Held(listings, rows.stream().map(r -> {
                    boolean mentor = member.equals(r[1]);
                    return new HeldMatch((UUID) r[0], mentor ? "MENTOR" : "MENTEE", (UUID) (mentor ? r[2] : r[1]), list((String) r[3]),
                            (String) r[4], NativeSql.instant(r[5]), NativeSql.instant(r[6]), NativeSql.instant(r[7]), (String) r[8],
                            sessions.getOrDefault((UUID) r[0], List.of()));
                }).toList()))));
    }

    /** The open request of this member with this id, as what it asks for; 404 otherwise. */
    private static Uni<Matching.Wanted> ownOpenRequest(UUID member, UUID id) {
        return NativeSql.rows("SELECT array_to_string(skills, ','), array_to_string(availability, ','), array_to_string(formats, ',')"
                        + " FROM mentoring_listing WHERE id = ?1 AND member_id = ?2 AND kind = 'REQUEST' AND status = 'OPEN'", id, member)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("You have no open request " + id + ".");
                    }
                    return new Matching.Wanted(set((String) rows.get(0)[0]), set((String) rows.get(0)[1]), set((String) rows.get(0)[2]));
                });
    }

    private static Uni<List<Listing>> listings(String condition, Object param) {
        return NativeSql.rows("SELECT l.id, l.kind, array_to_string(l.skills, ','), array_to_string(l.availability, ','),"
                        + " array_to_string(l.formats, ','), l.capacity, l.note, l.status, l.created_at FROM mentoring_listing l WHERE " + condition
                        + " ORDER BY l.created_at DESC, l.id", param)
                .map(rows -> rows.stream().map(r -> new Listing((UUID) r[0], (String) r[1], list((String) r[2]), list((String) r[3]),
                        list((String) r[4]), "OFFER".equals(r[1]) ? Integer.valueOf(((Number) r[5]).intValue()) : null, (String) r[6],
                        (String) r[7], NativeSql.instant(r[8]))).toList());
    }

    /** The matches matching a condition on {@code x} (with ?1) as this member sees them; the other side's name is a logged read. */
    private Uni<List<Mentorship>> mentorships(Member member, String condition, Object param) {
        return NativeSql.rows("SELECT x.id, x.mentor_member, x.mentee_member, x.request_id, x.offer_id, array_to_string(x.skills, ','), x.status,"
                        + " x.proposed_at, x.started_at, x.ended_at, x.ended_by FROM mentoring_match x WHERE " + condition
                        + " ORDER BY x.proposed_at DESC, x.id", param)
                .chain(rows -> {
                    List<Object[]> own = rows.stream().filter(r -> member.id.equals(r[1]) || member.id.equals(r[2])).toList();
                    List<UUID> others = own.stream().map(r -> (UUID) (member.id.equals(r[1]) ? r[2] : r[1])).distinct().toList();
                    List<UUID> ids = own.stream().map(r -> (UUID) r[0]).toList();
                    return people(others, "GET /api/mentorship/mine").chain(names -> sessions(ids).map(sessions -> own.stream().map(r -> {
                        boolean mentor = member.id.equals(r[1]);
                        UUID other = (UUID) (mentor ? r[2] : r[1]);
                        return new Mentorship((UUID) r[0], mentor ? "MENTOR" : "MENTEE", names.get(other), (UUID) r[3], (UUID) r[4],
                                list((String) r[5]), (String) r[6], NativeSql.instant(r[7]), NativeSql.instant(r[8]), NativeSql.instant(r[9]),
                                (String) r[10], sessions.getOrDefault((UUID) r[0], List.of()));
                    }).toList()));
                });
    }

    private static Uni<Map<UUID, List<Session>>> sessions(List<UUID> matches) {
        if (matches.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("SELECT id, match_id, initiative_id, held_on, hours, recorded_at FROM mentoring_session"
                        + " WHERE match_id = ANY (CAST(CAST(?1 AS text) AS uuid[])) ORDER BY held_on, recorded_at", NativeSql.uuids(matches))
                .map(rows -> {
                    Map<UUID, List<Session>> byMatch = new HashMap<>();
                    for (Object[] r : rows) {
                        byMatch.computeIfAbsent((UUID) r[1], k -> new ArrayList<>()).add(new Session((UUID) r[0], (UUID) r[1], (UUID) r[2],
                                (LocalDate) r[3], ((BigDecimal) r[4]).stripTrailingZeros().toPlainString(), (UUID) r[0], NativeSql.instant(r[5])));
                    }
                    return byMatch;
                });
    }

    /** The names of these members (an erased one is "an erased member"); each shown name is a read logged to its member. */
    private Uni<Map<UUID, Person>> people(List<UUID> ids, String endpoint) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Member.<Member>list("id in ?1", ids).chain(members -> Sequentially.each(members,
                        m -> m.erased() ? Uni.createFrom().voidItem() : accessLog.read(m, endpoint, List.of("displayName")))
                .map(done -> {
                    Map<UUID, Person> people = new HashMap<>();
                    members.forEach(m -> people.put(m.id, new Person(m.id, m.erased() ? "an erased member" : m.displayName)));
                    return people;
                }));
    }

    /** A list of codes: each known (a fixed list, or any for skills: checked against the vocabulary), none twice. */
    private static List<String> codes(String field, List<String> given, List<String> allowed) {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String code = given.get(i) == null ? "" : given.get(i).strip();
            String normal = allowed == null ? code.toLowerCase(Locale.ROOT) : code.toUpperCase(Locale.ROOT);
            boolean ok = allowed == null ? normal.matches("[a-z][a-z0-9-]{0,39}") : allowed.contains(normal);
            if (!ok) {
                throw ProblemException.invalid(field + "[" + i + "]", allowed == null
                        ? "is not a skill's code (GET /api/public/skills)" : "must be one of " + String.join(", ", allowed));
            }
            if (!seen.add(normal)) {
                throw ProblemException.invalid(field + "[" + i + "]", "is named twice");
            }
        }
        return List.copyOf(seen);
    }

    private static Set<String> set(String joined) {
        return joined == null || joined.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(joined.split(",")));
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
