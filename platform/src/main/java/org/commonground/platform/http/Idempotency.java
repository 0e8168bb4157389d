package org.commonground.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.commonground.platform.problem.Problem;
import org.commonground.platform.problem.ProblemException;

/**
 * {@code Idempotency-Key} for creating {@code POST}s: the first successful response to a key is kept (in the same
 * transaction as what it created), and a retry with that key is answered with it again, creating nothing. A second
 * request racing the first waits for it on the key's row and then gets its answer. A failed request keeps nothing:
 * its retry runs again. Reusing a key for a different request is refused. Keys are the caller's own and are
 * remembered for 24 hours.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final Duration KEPT_FOR = Duration.ofHours(24);

    private static final String CLAIM = "INSERT INTO idempotent_request (subject, key, operation, fingerprint, created_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
    private static final String FORGET_EXPIRED = "DELETE FROM idempotent_request WHERE subject = ?1 AND key = ?2 AND created_at < ?3";
    private static final String READ = "SELECT operation, fingerprint, status, location, etag, body FROM idempotent_request"
            + " WHERE subject = ?1 AND key = ?2";
    private static final String REMEMBER = "UPDATE idempotent_request SET status = ?3, location = ?4, etag = ?5, body = ?6"
            + " WHERE subject = ?1 AND key = ?2";

    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    Idempotency(SecurityIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    /**
     * Runs {@code create} once per key; call inside the transaction that creates. Without a key it simply runs.
     *
     * @param operation what is being done, such as {@code POST /api/groups}: a key reused elsewhere is refused
     * @param request the request body, whose fingerprint tells a retry from a different request with the same key
     */
    public Uni<Response> once(String key, String operation, Object request, Supplier<Uni<Response>> create) {
        if (key == null) {
            return create.get();
        }
        if (key.isBlank() || key.length() > 100 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ProblemException(Problem.invalid(HEADER + ": must be 1 to 100 visible ASCII characters",
                    List.of(new Problem.FieldError(HEADER, "must be 1 to 100 visible ASCII characters"))));
        }
        String subject = identity.isAnonymous() ? "" : identity.getPrincipal().getName();
        String fingerprint = fingerprint(request);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FORGET_EXPIRED).setParameter(1, subject).setParameter(2, key)
                        .setParameter(3, now.minus(KEPT_FOR)).executeUpdate()
                        .chain(() -> session.createNativeQuery(CLAIM).setParameter(1, subject).setParameter(2, key)
                                .setParameter(3, operation).setParameter(4, fingerprint).setParameter(5, now).executeUpdate())
                        .chain(claimed -> claimed == 1
                                ? create.get().call(response -> remember(subject, key, response))
                                : replay(subject, key, operation, fingerprint)));
    }

    /** Forgets every answer kept for a caller (their erasure: kept answers may hold their personal data). */
    public Uni<Void> forget(String subject) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "DELETE FROM idempotent_request WHERE subject = ?1").setParameter(1, subject).executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> remember(String subject, String key, Response response) {
        String body;
        try {
            body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String location = response.getHeaderString(HttpHeaders.LOCATION);
        String etag = response.getHeaderString(HttpHeaders.ETAG);
        return Panache.getSession().chain(session -> session.createNativeQuery(REMEMBER)
                .setParameter(1, subject).setParameter(2, key).setParameter(3, response.getStatus())
                .setParameter(4, location).setParameter(5, etag).setParameter(6, body)
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Response> replay(String subject, String key, String operation, String fingerprint) {
        return Panache.getSession().chain(session -> session.createNativeQuery(READ, Object[].class)
                .setParameter(1, subject).setParameter(2, key).getSingleResult())
                .map(row -> {
                    if (!operation.equals(row[0]) || !fingerprint.equals(row[1])) {
                        throw ProblemException.conflict("This Idempotency-Key was used for a different request; "
                                + "use a new key for a new request. Nothing was written.");
                    }
                    Response.ResponseBuilder replay = Response.status(((Number) row[2]).intValue()).header(REPLAYED, "true");
                    if (row[3] != null) {
                        replay.header(HttpHeaders.LOCATION, row[3]);
                    }
                    if (row[4] != null) {
                        replay.header(HttpHeaders.ETAG, row[4]);
                    }
                    if (row[5] != null) {
                        replay.entity(row[5]).type(MediaType.APPLICATION_JSON_TYPE);
                    }
                    return replay.build();
                });
    }

    private String fingerprint(Object request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a request", e);
        }
    }
}
