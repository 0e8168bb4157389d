package org.commonground.system;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;

/**
 * One partnership and everything in it, made through the gateway for the access matrix: a member who proposed an
 * initiative, sits on its committee, takes part, recorded a contribution, raised an escalation and leads a group; the
 * steward who started the partnership, its group, budget line, vote and benefit policy; the partner organization's pool,
 * allocation draft, webhook and a delivery of it. Two worlds with different people make "own" and "another's" objects.
 */
final class World {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String GUIDELINES = "{\"funding\":{\"amount\":\"1000.00\",\"currency\":\"EUR\",\"source\":\"Partner fund\","
            + "\"conditions\":\"Tools only.\"},\"decisionRights\":[{\"decision\":\"Which tools are bought\",\"decidedBy\":\"The volunteers\"}],"
            + "\"accountability\":{\"cadence\":\"QUARTERLY\",\"reported\":\"Loans and money spent.\"},\"changeNote\":\"First version.\"}";

    final String member;
    final String steward;
    final String partner;
    /** the ids of this world's objects, by the name of the kind: partnership, initiative, contribution, ... */
    final Map<String, String> ids = new TreeMap<>();

    private World(String member, String steward, String partner) {
        this.member = member;
        this.steward = steward;
        this.partner = partner;
    }

    static RequestSpecification as(String caller) {
        String token = caller.startsWith("partner-") ? Tokens.partner(caller, caller + "-secret") : Tokens.of(caller);
        return Suite.api().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Builds a world: {@code member} and {@code steward} are demo users, {@code organization} a partner (acme, globex). */
    static World build(String member, String steward, String organization) {
        World w = new World(member, steward, "partner-" + organization);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Suite.joined(member);
        Suite.joined(steward);
        w.ids.put("member", as(member).get("/api/members/me").then().statusCode(200).extract().path("id"));
        w.ids.put("subject", Tokens.subject(member));

        String p = w.created(steward, "POST", "/api/partnerships", "{\"name\":\"Access matrix " + organization + " " + UUID.randomUUID()
                + "\",\"partnerName\":\"" + organization + "\",\"partnerOrganization\":\"" + organization + "\",\"purpose\":\"Check who may do what, on real objects.\","
                + "\"memberNeeds\":\"Members need their data safe.\",\"partnerContributes\":\"Time and care.\",\"communityContributes\":\"Time and care.\"}", "partnership");
        w.call(steward, "PUT", "/api/partnerships/" + p + "/guidelines", GUIDELINES);
        // a webhook first, so that the escalation below makes a delivery of it
        w.eventually("webhook", () -> as(w.partner).body("{\"url\":\"http://127.0.0.1:9/matrix\",\"eventTypes\":[\"escalation.opened.v1\"],"
                + "\"partnershipIds\":[\"" + p + "\"]}").post("/api/partner/webhooks"));
        w.eventually("initiative", () -> as(member).body("{\"kind\":\"PILOT\",\"title\":\"Matrix pilot\",\"problem\":\"Access must be "
                + "checked.\",\"approach\":\"Call everything as everyone.\"}").post("/api/partnerships/" + p + "/initiatives"));
        String i = w.ids.get("initiative");
        w.call(member, "POST", "/api/initiatives/" + i + "/committee/me", "");
        w.call(member, "POST", "/api/initiatives/" + i + "/participants/me", "");
        w.created(member, "POST", "/api/initiatives/" + i + "/milestones", "{\"title\":\"First session held\",\"dueOn\":\""
                + today.plusDays(14) + "\",\"weight\":1}", "milestone");
        w.created(member, "POST", "/api/initiatives/" + i + "/contributions", "{\"type\":\"TRAINING\",\"description\":\"Taught a repair.\","
                + "\"hours\":1.5,\"occurredOn\":\"" + today + "\"}", "contribution");
        // the member's showcase (public once initiative-service knows the member allows impact-stories). Nobody is invited
        // to co-author it: the co-authorship answer is every caller's 404 (the test stack's stewards are also known to
        // initiative-service under the ids its own tests gave them, so an invitation by member-service id would not be theirs)
        w.call(member, "PUT", "/api/members/me/consents/impact-stories", "{\"granted\":true}");
        String showcase = w.created(member, "POST", "/api/initiatives/" + i + "/showcases", "{\"title\":\"Matrix story\",\"story\":\"Told to "
                + "everyone.\",\"authorName\":\"Matrix author\"}", "showcase");
        w.eventually("featureRequest", () -> as(w.partner).body("{\"kind\":\"CASE_STUDY\",\"message\":\"May we write about it?\"}")
                .post("/api/partner/showcases/" + showcase + "/feature-requests"));
        // the steward offers to teach, the member asks to learn and proposes a match (left for the steward to answer)
        w.call(steward, "PUT", "/api/members/me/consents/directory-listing", "{\"granted\":true}");
        w.created(steward, "POST", "/api/mentorship/offers", "{\"skills\":[\"facilitation\",\"budgeting\"],\"availability\":[\"WEEKEND\"],"
                + "\"formats\":[\"ONE_TO_ONE\"],\"capacity\":10}", "offer");
        String request = w.created(member, "POST", "/api/mentorship/requests", "{\"skills\":[\"facilitation\"],\"availability\":[\"WEEKEND\"],"
                + "\"formats\":[\"ONE_TO_ONE\"]}", "request");
        w.ids.put("listing", request);
        w.created(member, "POST", "/api/mentorship/requests/" + request + "/matches", "{\"offerId\":\"" + w.ids.get("offer") + "\"}", "match");
        w.created(member, "POST", "/api/initiatives/" + i + "/escalations", "{\"kind\":\"CONCERN\",\"summary\":\"Too few tools\","
                + "\"description\":\"Members wait an hour for a drill.\"}", "escalation");
        w.created(steward, "POST", "/api/initiatives/" + i + "/votes", "{\"purpose\":\"OTHER\",\"question\":\"Meet on Sundays?\","
                + "\"electorate\":\"COMMITTEE\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\"" + today.plusDays(7) + "T12:00:00Z\"}", "vote");
        w.created(steward, "POST", "/api/partnerships/" + p + "/budget/lines", "{\"category\":\"Tools\",\"description\":\"Drills\","
                + "\"planned\":\"800.00\",\"currency\":\"EUR\"}", "line");
        w.created(steward, "POST", "/api/groups", "{\"name\":\"Matrix " + organization + " " + UUID.randomUUID().toString().substring(0, 8) + "\",\"purpose\":\"Checking access.\","
                + "\"visibility\":\"members\"}", "group");
        String g = w.ids.get("group");
        w.call(member, "POST", "/api/groups/" + g + "/members/me", "");
        w.created(steward, "POST", "/api/groups/" + g + "/terms", "{\"memberId\":\"" + w.ids.get("member") + "\",\"startsOn\":\"" + today
                + "\",\"endsOn\":\"" + today.plusMonths(6) + "\"}", "term");
        w.eventually("policy", () -> as(steward).body("{\"partnershipId\":\"" + p + "\",\"weights\":{\"CONTENT\":\"1\","
                + "\"EVENT_ORGANIZATION\":\"1\",\"ADVISORY\":\"1\",\"MENTORING\":\"1\",\"TRAINING\":\"2\",\"FACILITATION\":\"1\",\"RESEARCH\":\"1\","
                + "\"OUTREACH\":\"1\",\"OTHER\":\"1\"},\"formats\":[\"STIPEND\"],\"reviewOn\":\"" + today.plusMonths(6) + "\"}").post("/api/policies"));
        w.call(steward, "POST", "/api/policies/" + w.ids.get("policy") + "/publish", "");
        w.created(w.partner, "POST", "/api/pools", "{\"partnershipId\":\"" + p + "\",\"name\":\"Matrix stipends\",\"amount\":\"100.00\","
                + "\"currency\":\"EUR\",\"format\":\"STIPEND\",\"periodFrom\":\"" + today.minusDays(30) + "\",\"periodTo\":\"" + today
                + "\",\"method\":\"PROPORTIONAL\"}", "pool");
        w.created(steward, "POST", "/api/pools/" + w.ids.get("pool") + "/allocations", "", "allocation");
        String webhook = w.ids.get("webhook");
        Awaitility.await().atMost(PATIENCE).until(() -> as(w.partner).get("/api/partner/webhooks/" + webhook + "/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("items").size() > 0);
        w.ids.put("delivery", as(w.partner).get("/api/partner/webhooks/" + webhook + "/deliveries").then().extract().path("items[0].id"));
        return w;
    }

    private void call(String caller, String method, String path, String body) {
        int status = as(caller).body(body).request(method, path).statusCode();
        if (status >= 300 && status != 409) {
            throw new IllegalStateException(method + " " + path + " as " + caller + " answered " + status);
        }
    }

    private String created(String caller, String method, String path, String body, String kind) {
        Response response = as(caller).body(body).request(method, path);
        if (response.statusCode() != 201) {
            throw new IllegalStateException(kind + ": " + method + " " + path + " as " + caller + " answered " + response.statusCode() + " "
                    + response.asString());
        }
        ids.put(kind, response.path("id"));
        return ids.get(kind);
    }

    /** For a call that waits for another service to learn of this world (over Kafka): repeats it until it creates. */
    private void eventually(String kind, Supplier<Response> call) {
        Response[] last = new Response[1];
        try {
            Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                last[0] = call.get();
                return last[0].statusCode() == 201;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(kind + " was not created: " + last[0].statusCode() + " " + last[0].asString(), e);
        }
        String id = last[0].path("id");
        ids.put(kind, id != null ? id : last[0].path("endpoint.id")); // a webhook answers its endpoint and secret
    }
}
