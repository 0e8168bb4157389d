package org.commonground.member.accesslog;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.commonground.member.profile.Member;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Writes who read a member's personal data. Call it in the transaction that reads the data: a read that cannot be
 * logged fails with it, so no read goes unrecorded. A member reading their own data is not logged.
 */
@ApplicationScoped
public class AccessLog {

    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    AccessLog(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Records that the caller read these fields of the member through this endpoint (unless it is their own). */
    public Uni<Void> read(Member member, String endpoint, List<String> fields) {
        String reader = identity.getPrincipal().getName();
        if (fields.isEmpty() || Objects.equals(reader, member.subject)) {
            return Uni.createFrom().voidItem();
        }
        AccessLogEntry entry = new AccessLogEntry();
        entry.id = UUID.randomUUID();
        entry.memberId = member.id;
        entry.readerSubject = reader;
        entry.readerRoles = identity.getRoles().stream().sorted().toList();
        entry.clientId = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null;
        entry.endpoint = endpoint;
        entry.fields = List.copyOf(fields);
        entry.readAt = clock.instant();
        return entry.persist().replaceWithVoid();
    }
}
