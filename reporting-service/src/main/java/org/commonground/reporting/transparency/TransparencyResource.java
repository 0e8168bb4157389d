package org.commonground.reporting.transparency;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.commonground.platform.http.Csv;
import org.commonground.reporting.scorecard.Figure;
import org.commonground.reporting.scorecard.Period;
import org.commonground.reporting.scorecard.ScorecardResource;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partnership's transparency report for a period (public): JSON by default, CSV with {@code Accept: text/csv}, and a
 * readable, printable page with {@code Accept: text/html} (what a browser asks for).
 */
@Path("/api/public/reports/transparency")
@PermitAll
public class TransparencyResource {

    private final TransparencyReports reports;
    private final Template transparency;

    TransparencyResource(TransparencyReports reports, Template transparency) {
        this.reports = reports;
        this.transparency = transparency;
    }

    private Uni<TransparencyReport> report(String partnershipId, String period) {
        Period p = Period.parse(period, LocalDate.now(ZoneOffset.UTC));
        return ScorecardResource.known(partnershipId).chain(known -> reports.of(known, p));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "A partnership's transparency report for a period such as 2026-Q3 (public): funding and budget, pools,"
            + " initiatives, decisions, escalations, the scorecard and the members who chose to be recognised")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a missing or malformed period, or one that has not begun; no partnershipId")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<TransparencyReport> json(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        return report(partnershipId, period);
    }

    @GET
    @Produces("text/csv;qs=0.5")
    @WithSession
    @Operation(summary = "The transparency report as CSV (RFC 4180; one row per figure): send Accept: text/csv")
    @APIResponse(responseCode = "200", description = "the report as CSV", content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", description = "a missing or malformed period, or one that has not begun; no partnershipId")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<Response> csv(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        return report(partnershipId, period).map(r -> Response.ok(csv(r), Csv.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"transparency-" + r.partnershipId() + "-" + r.period() + ".csv\"").build());
    }

    @GET
    @Produces("text/html;qs=0.4")
    @WithSession
    @Operation(summary = "The transparency report as a readable, printable page: send Accept: text/html")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a missing or malformed period, or one that has not begun; no partnershipId")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<String> html(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        return report(partnershipId, period).chain(r -> transparency.data("r", r).createUni());
    }

    static String csv(TransparencyReport r) {
        StringBuilder csv = new StringBuilder(Csv.row("section", "item", "value", "unit", "detail"));
        csv.append(Csv.row("report", "partnership", r.partnership(), "", r.partnershipId()));
        csv.append(Csv.row("report", "partner", r.partner(), "", ""));
        csv.append(Csv.row("report", "period", r.period(), "", r.from() + " to " + r.to()));
        csv.append(Csv.row("report", "data as of", r.asOf(), "", ""));
        if (r.funding() != null) {
            csv.append(Csv.row("funding", r.funding().source(), r.funding().amount(), r.funding().currency(),
                    "guidelines version " + r.funding().guidelinesVersion()));
        }
        r.budget().forEach(b -> {
            csv.append(Csv.row("budget planned", b.category(), b.planned(), b.currency(), ""));
            csv.append(Csv.row("budget spent in period", b.category(), b.spentInPeriod(), b.currency(), ""));
            csv.append(Csv.row("budget spent to date", b.category(), b.spentToDate(), b.currency(), ""));
        });
        r.pools().forEach(p -> csv.append(Csv.row("pool shared", p.poolId(), p.total(), p.currency(),
                p.format() + "; recipients " + p.recipients() + "; held " + p.held())));
        r.initiatives().forEach(i -> csv.append(Csv.row("initiative", i.title(), i.stage(), "", i.kind())));
        r.decisions().forEach(d -> csv.append(Csv.row("decision", d.at(), d.summary(), d.kind(), d.rationale())));
        csv.append(Csv.row("escalations", "opened", r.escalations().opened(), "", ""));
        csv.append(Csv.row("escalations", "resolved", r.escalations().resolved(), "", ""));
        csv.append(Csv.row("escalations", "resolved on time", r.escalations().onTimeRate(), "share", ""));
        r.scorecard().forEach(section -> {
            for (Figure f : section.figures()) {
                csv.append(Csv.row("scorecard: " + section.title(), f.label(), f.value(), f.unit(), f.definition()));
            }
        });
        r.recognition().forEach(m -> csv.append(Csv.row("recognised", m.displayName(), m.contributions(), "contributions", m.hours() + " hours")));
        r.showcases().forEach(s -> csv.append(Csv.row("showcase", s.title(), String.join(", ", s.authors()), "authors",
                s.initiative() + ", published " + s.publishedAt())));
        r.lessons().forEach(l -> csv.append(Csv.row("lesson learned", l.initiative(), l.whatWorked(), l.kind(),
                "did not work: " + l.whatDidNot() + "; differently: " + l.doDifferently() + "; for: " + l.forWhom())));
        return csv.toString();
    }
}
