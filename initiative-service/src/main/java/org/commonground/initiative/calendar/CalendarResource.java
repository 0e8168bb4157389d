package org.commonground.initiative.calendar;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.initiative.Milestone;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The community's calendar: what happens when, and who is responsible for it. Public as JSON and as an iCalendar
 * feed that calendar applications subscribe to. Milestones of initiatives appear on it as deadlines.
 */
@Path("/api")
public class CalendarResource {

    /** How far the public calendar looks back and ahead. */
    static final Duration PAST = Duration.ofDays(90);
    static final Duration AHEAD = Duration.ofDays(400);

    public record NewEntry(
            @NotNull(message = "must be ACTIVITY, MEETING or DEADLINE") CalendarEntry.Kind kind,
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String title,
            @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String description,
            @Size(max = 200, message = "must be at most 200 characters") @PlainText String location,
            @NotNull(message = "is required") Instant startsAt,
            Instant endsAt,
            UUID initiativeId,
            UUID responsibleMemberId,
            UUID responsibleGroupId) {
    }

    /** An entry as anyone reads it; a responsible member is named only as "a member" (their id stays private). */
    public record EntryView(String id, UUID partnershipId, UUID initiativeId, String kind, String title, String description,
            String location, Instant startsAt, Instant endsAt, boolean allDay, String responsible, UUID responsibleGroupId) {
    }

    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    CalendarResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @POST
    @Path("/partnerships/{id}/calendar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Put an activity, meeting or deadline on the calendar (the partnership's stewards), with who is responsible")
    @APIResponse(responseCode = "201", description = "on the public calendar", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "400", description = "no responsible member or group, an end before the start, more than 30 days long, out of range")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such partnership, initiative (in it) or member")
    public Uni<Response> add(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewEntry body) {
        Instant now = clock.instant();
        Instant ends = body.endsAt() == null ? body.startsAt() : body.endsAt();
        if (ends.isBefore(body.startsAt())) {
            throw ProblemException.invalid("endsAt", "must not be before startsAt");
        }
        if (Duration.between(body.startsAt(), ends).compareTo(Duration.ofDays(30)) > 0) {
            throw ProblemException.invalid("endsAt", "an entry lasts at most 30 days");
        }
        if (body.startsAt().isBefore(now.minus(Duration.ofDays(366))) || body.startsAt().isAfter(now.plus(Duration.ofDays(3660)))) {
            throw ProblemException.invalid("startsAt", "must be within a year back and ten years ahead");
        }
        if (body.responsibleMemberId() == null && body.responsibleGroupId() == null) {
            throw ProblemException.invalid("responsibleGroupId", "name a responsible member or group (responsibleMemberId or responsibleGroupId)");
        }
        Uni<Void> initiativeOk = body.initiativeId() == null ? Uni.createFrom().voidItem() : Initiative.existing(body.initiativeId())
                .invoke(i -> {
                    if (!i.partnershipId.equals(id)) {
                        throw ProblemException.notFound("This partnership has no initiative " + body.initiativeId() + ".");
                    }
                }).replaceWithVoid();
        Uni<Void> memberOk = body.responsibleMemberId() == null ? Uni.createFrom().voidItem()
                : MemberLink.active(body.responsibleMemberId()).invoke(active -> {
                    if (!active) {
                        throw ProblemException.notFound("There is no member " + body.responsibleMemberId() + ".");
                    }
                }).replaceWithVoid();
        return Partnership.existing(id).call(p -> Stewardship.require(identity, id)).call(() -> initiativeOk).call(() -> memberOk)
                .chain(p -> {
                    CalendarEntry e = new CalendarEntry();
                    e.id = UUID.randomUUID();
                    e.partnershipId = id;
                    e.initiativeId = body.initiativeId();
                    e.kind = body.kind();
                    e.title = body.title().strip();
                    e.description = body.description() == null || body.description().isBlank() ? null : body.description().strip();
                    e.location = body.location() == null || body.location().isBlank() ? null : body.location().strip();
                    e.startsAt = body.startsAt();
                    e.endsAt = ends;
                    e.responsibleMember = body.responsibleMemberId();
                    e.responsibleGroup = body.responsibleGroupId();
                    e.createdAt = now;
                    return e.<CalendarEntry>persist();
                })
                .map(e -> Response.status(Response.Status.CREATED).entity(view(e)).build());
    }

    @GET
    @Path("/public/calendar")
    @Produces(MediaType.APPLICATION_JSON)
    @PermitAll
    @WithSession
    @Operation(summary = "The calendar from 90 days back to 400 days ahead, in time order (?partnership= for one partnership's)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a partnership that is not an id")
    public Uni<List<EntryView>> calendar(@QueryParam("partnership") UUID partnership) {
        return entries(partnership);
    }

    @GET
    @Path("/calendar.ics")
    @Produces("text/calendar")
    @PermitAll
    @WithSession
    @Operation(summary = "The calendar as an iCalendar (RFC 5545) feed to subscribe to (?partnership= for one partnership's)")
    @APIResponse(responseCode = "200", description = "the calendar as iCalendar", content = @Content(mediaType = "text/calendar"))
    @APIResponse(responseCode = "400", description = "a partnership that is not an id")
    public Uni<Response> ics(@QueryParam("partnership") UUID partnership) {
        return entries(partnership).map(entries -> Response.ok(ICalendarFeed.of(entries, clock.instant()), "text/calendar; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"commonground.ics\"").build());
    }

    private Uni<List<EntryView>> entries(UUID partnership) {
        Instant now = clock.instant();
        Instant from = now.minus(PAST);
        Instant to = now.plus(AHEAD);
        String scope = partnership == null ? "" : " and partnershipId = :p";
        Map<String, Object> params = new java.util.HashMap<>(Map.of("from", from, "to", to));
        if (partnership != null) {
            params.put("p", partnership);
        }
        return CalendarEntry.<CalendarEntry>list("startsAt >= :from and startsAt <= :to" + scope + " order by startsAt, id", params)
                .chain(entries -> milestones(partnership, from, to).map(deadlines -> {
                    List<EntryView> all = new ArrayList<>(entries.stream().map(CalendarResource::view).toList());
                    all.addAll(deadlines);
                    all.sort(Comparator.comparing(EntryView::startsAt).thenComparing(EntryView::id));
                    return all;
                }));
    }

    /** Initiatives' milestones, as all-day deadlines. */
    private static Uni<List<EntryView>> milestones(UUID partnership, Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        return Milestone.<Milestone>list("dueOn >= ?1 and dueOn <= ?2 order by dueOn", first, last).chain(milestones -> {
            List<UUID> ids = milestones.stream().map(m -> m.initiativeId).distinct().toList();
            Uni<List<Initiative>> initiatives = ids.isEmpty() ? Uni.createFrom().item(List.of())
                    : Initiative.<Initiative>list("id in ?1", ids);
            return initiatives.map(list -> {
                Map<UUID, Initiative> byId = list.stream().collect(Collectors.toMap(i -> i.id, Function.identity()));
                return milestones.stream()
                        .filter(m -> byId.containsKey(m.initiativeId))
                        .filter(m -> partnership == null || byId.get(m.initiativeId).partnershipId.equals(partnership))
                        .map(m -> {
                            Initiative i = byId.get(m.initiativeId);
                            Instant day = m.dueOn.atStartOfDay(ZoneOffset.UTC).toInstant();
                            return new EntryView("milestone-" + m.id, i.partnershipId, i.id, "DEADLINE", i.title + ": " + m.title,
                                    null, null, day, day, true, "the initiative's committee", null);
                        }).toList();
            });
        });
    }

    private static EntryView view(CalendarEntry e) {
        return new EntryView(e.id.toString(), e.partnershipId, e.initiativeId, e.kind.name(), e.title, e.description, e.location,
                e.startsAt, e.endsAt, false, e.responsibleGroup != null ? "a group" : "a member", e.responsibleGroup);
    }
}
