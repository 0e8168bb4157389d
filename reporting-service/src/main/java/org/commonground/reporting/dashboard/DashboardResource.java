package org.commonground.reporting.dashboard;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.reporting.privacy.SmallCells;
import org.commonground.reporting.scorecard.Freshness;
import org.commonground.reporting.scorecard.ScorecardResource;
import org.commonground.reporting.scorecard.Scorecards;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The public dashboard: a page (and its script and chart library) that reads the public reporting APIs through the
 * gateway, and the monthly series its charts draw.
 */
@Path("/")
@PermitAll
public class DashboardResource {

    /** One month of a partnership: verified contributions and their hours, and benefits published (when enough received them). */
    public record Month(String month, long contributions, String hours, String benefits, String currency, String recipients) {
    }

    public record Series(String partnershipId, Instant asOf, int smallestGroup, List<Month> months) {
    }

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final Scorecards scorecards;
    private final byte[] page = read("dashboard/index.html");
    private final byte[] script = read("dashboard/dashboard.js");
    private final byte[] charts = read(ECHARTS);

    /**
     * What the dashboard page may load: its own scripts and styles (the one inline style block by its hash), data from
     * this origin only; no plugins, no framing, no forms, no base URL. A name a member typed can never run as script.
     */
    private final String policy = "default-src 'none'; script-src 'self'; style-src 'self' '" + styleHash(page) + "'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    DashboardResource(Scorecards scorecards) {
        this.scorecards = scorecards;
    }

    /** The CSP hash ({@code sha256-…}) of the page's inline style block. */
    static String styleHash(byte[] page) {
        String html = new String(page, java.nio.charset.StandardCharsets.UTF_8);
        int start = html.indexOf("<style>") + "<style>".length();
        String style = html.substring(start, html.indexOf("</style>", start));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(style.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @GET
    @Path("dashboard")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The public dashboard (HTML)")
    @APIResponse(responseCode = "200", description = "the dashboard page", content = @Content(mediaType = "text/html"))
    @APIResponse(responseCode = "406", description = "the Accept header asks for a type this address does not serve")
    public Response dashboard() {
        return Response.ok(page, "text/html; charset=utf-8").header("Cache-Control", "no-cache").header("Content-Security-Policy", policy)
                .build();
    }

    @GET
    @Path("dashboard/dashboard.js")
    @Produces("text/javascript")
    @Operation(summary = "The dashboard's script")
    @APIResponse(responseCode = "200", description = "the dashboard script", content = @Content(mediaType = "text/javascript"))
    @APIResponse(responseCode = "406", description = "the Accept header asks for a type this address does not serve")
    public Response script() {
        return Response.ok(script, "text/javascript; charset=utf-8").header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("dashboard/echarts.min.js")
    @Produces("text/javascript")
    @Operation(summary = "Apache ECharts 5.3.1, which draws the dashboard's charts (from its WebJar)")
    @APIResponse(responseCode = "200", description = "the chart library", content = @Content(mediaType = "text/javascript"))
    @APIResponse(responseCode = "406", description = "the Accept header asks for a type this address does not serve")
    public Response charts() {
        return Response.ok(charts, "text/javascript; charset=utf-8").header("Cache-Control", "public, max-age=86400").build();
    }

    @GET
    @Path("api/public/dashboard/series")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "A partnership's last months (at most 24): verified contributions, their hours, and benefits published"
            + " (public; a month's benefits only when at least the smallest group received them)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "no or a malformed partnershipId, or months outside 1..24")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<Series> series(@QueryParam("partnershipId") String partnershipId, @QueryParam("months") String months) {
        int n;
        try {
            n = months == null || months.isBlank() ? 12 : Integer.parseInt(months.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 24) {
            throw ProblemException.invalid("months", "must be from 1 to 24");
        }
        YearMonth last = YearMonth.now(ZoneOffset.UTC);
        YearMonth first = last.minusMonths(n - 1L);
        int k = scorecards.smallestGroup();
        return ScorecardResource.known(partnershipId).chain(p -> NativeSql.rows("SELECT to_char(occurred_on, 'YYYY-MM'), count(*),"
                        + " COALESCE(sum(hours), 0) FROM contribution_fact WHERE partnership_id = ?1 AND status = 'VERIFIED' AND occurred_on >= ?2"
                        + " GROUP BY 1", p.id(), first.atDay(1))
                .chain(contributions -> NativeSql.rows("SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM'), currency, sum(amount),"
                                + " count(DISTINCT member_id) FROM allocation_fact WHERE partnership_id = ?1 AND at >= ?2 GROUP BY 1, 2",
                                p.id(), first.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                        .chain(benefits -> Freshness.asOf().map(asOf -> {
                            Map<String, Object[]> byMonth = new HashMap<>();
                            contributions.forEach(r -> byMonth.put((String) r[0], r));
                            Map<String, Object[]> paid = new HashMap<>();
                            // the currency most of a month's money was in
                            benefits.forEach(r -> paid.merge((String) r[0], r,
                                    (a, b) -> ((BigDecimal) a[2]).compareTo((BigDecimal) b[2]) >= 0 ? a : b));
                            List<Month> list = new ArrayList<>();
                            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                                Object[] c = byMonth.get(m.toString());
                                Object[] b = paid.get(m.toString());
                                long recipients = b == null ? 0 : ((Number) b[3]).longValue();
                                boolean shown = recipients == 0 || recipients >= k;
                                list.add(new Month(m.toString(), c == null ? 0 : ((Number) c[1]).longValue(),
                                        c == null ? "0" : ((BigDecimal) c[2]).stripTrailingZeros().toPlainString(),
                                        b == null ? "0" : shown ? ((BigDecimal) b[2]).setScale(2, RoundingMode.HALF_EVEN).toPlainString() : null,
                                        b == null ? null : ((String) b[1]).strip(), SmallCells.one(recipients, k).shown()));
                            }
                            return new Series(p.id().toString(), asOf, k, list);
                        }))));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
