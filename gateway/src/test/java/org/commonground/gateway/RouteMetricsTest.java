package org.commonground.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The gateway's request metrics are tagged with the shape of a path, never with the ids in it. */
class RouteMetricsTest {

    @Test
    void idsInAPathBecomeOnePlaceholderSoEachRouteIsOneSeries() {
        assertEquals("/api/contributions/{id}/verify", RouteMetrics.shape("/api/contributions/19a4a736-fe09-4061-ab1f-fb8a62c9c677/verify", "200"));
        assertEquals("/api/public/ledger/{id}/verification", RouteMetrics.shape("/api/public/ledger/0b6f9c1e-8d5a-4e3b-9f2c-1a7d6e5b4c3d/verification", "200"));
        assertEquals("/api/partner/webhooks/{id}/deliveries", RouteMetrics.shape("/api/partner/webhooks/wh_3f6c1a9e2b7d4c1e9a51/deliveries", "200"));
        assertEquals("/api/reports/{id}", RouteMetrics.shape("/api/reports/2026", "200"));
    }

    @Test
    void namedPathsStayAsTheyAre() {
        assertEquals("/api/members/me", RouteMetrics.shape("/api/members/me", "200"));
        assertEquals("/api/consent-purposes", RouteMetrics.shape("/api/consent-purposes", "200"));
        assertEquals("/api/public/participation", RouteMetrics.shape("/api/public/participation", "503"));
    }

    @Test
    void anUnknownPathIsOneNotFoundSeriesWhateverWasAsked() {
        assertEquals("NOT_FOUND", RouteMetrics.shape("/api/anything/" + "x".repeat(300), "404"));
    }
}
