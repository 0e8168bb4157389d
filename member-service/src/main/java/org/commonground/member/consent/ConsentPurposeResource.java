package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The purposes a member may consent to, with the notices that explain them. Readable by anyone. */
@Path("/api/consent-purposes")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentPurposeResource {

    /** A notice version just published. */
    public record Published(String purpose, int noticeVersion) {
    }

    /** A purpose as a member reads it before deciding, in their language where it is translated. */
    public record PurposeNotice(String purpose, String title, String notice, int noticeVersion, String language,
            boolean scopable, Period longest, Instant publishedAt) {

        static PurposeNotice of(ConsentNotice n) {
            return new PurposeNotice(n.purpose.slug(), n.title, n.text, n.version, n.language, n.purpose.scopable(),
                    n.purpose.longest().orElse(null), n.publishedAt);
        }
    }

    /** A new version of a notice: its words in the default language (en) and in any translations. */
    public record NewNotice(@NotNull(message = "is required") @NotEmpty(message = "must have the notice in en")
            @Size(max = 20, message = "must have at most 20 languages")
            Map<@Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as en or pt-BR") String,
                    ConsentNotices.@Valid @NotNull(message = "is required") NoticeText> texts) {
    }

    private final ConsentNotices notices;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    ConsentPurposeResource(ConsentNotices notices, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.notices = notices;
    }

    @GET
    @PermitAll
    @WithSession
    @Operation(summary = "The catalog of consent purposes, each with its current plain-language notice, version and language",
            description = "?language=es (or Accept-Language) picks a translation; untranslated notices are in English.")
    public Uni<List<PurposeNotice>> catalog(@QueryParam("language") String language,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return notices.current(languageOf(language, acceptLanguage))
                .map(current -> current.stream().map(PurposeNotice::of).toList());
    }

    @GET
    @Path("/{purpose}/notices")
    @PermitAll
    @WithSession
    @Operation(summary = "Every version of a purpose's notice, newest first, in every language it was published in")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such purpose")
    public Uni<List<PurposeNotice>> history(@PathParam("purpose") String slug) {
        return notices.history(purpose(slug)).map(all -> all.stream().map(PurposeNotice::of).toList());
    }

    @POST
    @Path("/{purpose}/notices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Publish the next version of a purpose's notice (admin); earlier grants keep the version they saw")
    @APIResponse(responseCode = "201", description = "the new version is current", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Published.class)))
    @APIResponse(responseCode = "400", description = "missing English text, a bad language tag, a blank or too long text")
    @APIResponse(responseCode = "404", description = "no such purpose")
    public Uni<Response> publish(@PathParam("purpose") String slug, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "a JSON body {\"texts\": {\"en\": {\"title\": ..., \"notice\": ...}}} is required") NewNotice body) {
        ConsentPurpose purpose = purpose(slug);
        return idempotency.once(idempotencyKey, "POST /api/consent-purposes/" + slug + "/notices", body,
                () -> notices.publish(purpose, body.texts(), clock.instant())
                .map(version -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/consent-purposes/" + slug + "/notices")
                        .entity(new Published(slug, version)).build()));
    }

    static ConsentPurpose purpose(String slug) {
        return ConsentPurpose.of(slug).orElseThrow(() -> ProblemException.notFound(
                "There is no consent purpose '" + slug + "'. The purposes are listed at /api/consent-purposes."));
    }

    /** The language asked for: ?language=, else the first of Accept-Language, else English. */
    static String languageOf(String query, String acceptLanguage) {
        if (query != null && !query.isBlank()) {
            return query.strip();
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            List<Locale.LanguageRange> ranges;
            try {
                ranges = Locale.LanguageRange.parse(acceptLanguage);
            } catch (IllegalArgumentException e) {
                return ConsentNotice.DEFAULT_LANGUAGE;
            }
            if (!ranges.isEmpty() && !ranges.get(0).getRange().equals("*")) {
                return ranges.get(0).getRange().split("-")[0];
            }
        }
        return ConsentNotice.DEFAULT_LANGUAGE;
    }
}
