package org.commonground.member.consent;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/consent-purposes")
@Produces(MediaType.APPLICATION_JSON)
public class ConsentPurposeResource {

    /** A purpose as a member reads it before deciding. */
    public record PurposeNotice(String purpose, String title, String notice, int noticeVersion, boolean scopable) {
    }

    @GET
    @PermitAll
    @Operation(summary = "The catalog of consent purposes, each with its plain-language notice and version")
    public List<PurposeNotice> catalog() {
        return Arrays.stream(ConsentPurpose.values())
                .map(p -> new PurposeNotice(p.slug(), p.title(), p.notice(), p.noticeVersion(), p.scopable()))
                .toList();
    }
}
