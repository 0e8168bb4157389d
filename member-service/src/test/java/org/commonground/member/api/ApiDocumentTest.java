package org.commonground.member.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.commonground.platform.testing.ApiDocument;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every endpoint of member-service with who may call it and how it fails. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() {
        ApiDocument.Gaps gaps = ApiDocument.gaps((method, path) -> path.startsWith("/api/public")
                || (path.startsWith("/api/consent-purposes") && method.equals("get")));
        assertTrue(gaps.operations() >= 30, "member-service has " + gaps.operations() + " operations");
        assertEquals(List.of(), gaps.missing());
    }
}
