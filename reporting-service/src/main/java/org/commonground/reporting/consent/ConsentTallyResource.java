package org.commonground.reporting.consent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/public/consents")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentTallyResource {

    /** The purposes, in the order of the consent contract (the schema of consent.granted.v1 is their one list). */
    static final List<String> PURPOSES = purposesOfTheContract();

    private static List<String> purposesOfTheContract() {
        List<String> purposes = new java.util.ArrayList<>();
        EventSchemas.document(EventType.CONSENT_GRANTED).path("properties").path("purpose").path("enum")
                .forEach(p -> purposes.add(p.asText()));
        return List.copyOf(purposes);
    }

    /** How many members currently grant a purpose (for any scope). Counts only, never who. */
    public record PurposeCount(String purpose, long members) {
    }

    /** The tally and how fresh it is: the time of the newest consent event applied. */
    public record ConsentTally(Instant asOf, long eventsApplied, List<PurposeCount> purposes) {
    }

    @GET
    @PermitAll
    @WithSession
    @Operation(summary = "How many members grant each consent purpose (public; counts only)")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "406",
            description = "the Accept header asks for a type this address does not serve")
    public Uni<ConsentTally> tally() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT purpose, count(DISTINCT member_id) FROM consent_state WHERE granted GROUP BY purpose", Object[].class)
                .getResultList())
                .chain(rows -> ReadModel.<ReadModel>findById("consents").map(model -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], ((Number) row[1]).longValue());
                    }
                    List<PurposeCount> purposes = PURPOSES.stream()
                            .map(p -> new PurposeCount(p, counts.getOrDefault(p, 0L))).toList();
                    return new ConsentTally(model.lastEventAt, model.eventsApplied, purposes);
                }));
    }
}
