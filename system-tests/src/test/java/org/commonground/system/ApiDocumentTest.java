package org.commonground.system;

import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

/**
 * The gateway serves the API of every service as one OpenAPI document (Swagger UI on it is for the local stack only:
 * off in production, see HardeningTest).
 */
class ApiDocumentTest {

    @Test
    void theMergedDocumentHasEveryServicesOperations() {
        Suite.api().get("/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/members/me"))
                .body("paths", hasKey("/api/members/me/consents/{purpose}"))
                .body("paths", hasKey("/api/members/me/access-log"))
                .body("paths", hasKey("/api/groups/{groupId}/terms"))
                .body("paths", hasKey("/api/public/groups/{groupId}/leadership"))
                .body("components.schemas", hasKey("Problem"))
                .body("paths", hasKey("/api/partnerships"))
                .body("paths", hasKey("/api/members/me/reward-preferences"))
                .body("paths", hasKey("/api/public/ledger/{partnershipId}/verification"))
                .body("paths", hasKey("/api/public/consents"))
                .body("paths", hasKey("/api/reports/read-models"))
                .body("$", not(hasKey("x-unavailable-services")));
    }
}
