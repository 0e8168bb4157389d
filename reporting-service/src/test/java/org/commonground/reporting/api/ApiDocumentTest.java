package org.commonground.reporting.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.commonground.platform.testing.ApiDocument;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every endpoint of reporting-service with who may call it and how it fails. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() {
        ApiDocument.Gaps gaps = ApiDocument.gaps((method, path) -> path.startsWith("/api/public") || path.startsWith("/dashboard"));
        assertTrue(gaps.operations() >= 10, "reporting-service has " + gaps.operations() + " operations");
        assertEquals(List.of(), gaps.missing());
    }
}
