package org.commonground.benefit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.commonground.platform.testing.ApiDocument;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every endpoint of benefit-service with who may call it and how it fails. */
@QuarkusTest
class ApiDocumentTest {

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() {
        ApiDocument.Gaps gaps = ApiDocument.gaps((method, path) -> path.startsWith("/api/public"));
        assertTrue(gaps.operations() >= 18, "benefit-service has " + gaps.operations() + " operations");
        assertEquals(List.of(), gaps.missing());
    }
}
