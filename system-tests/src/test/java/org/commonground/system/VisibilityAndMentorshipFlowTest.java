package org.commonground.system;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Through the gateway, across the services: a showcase is public while its author allows impact-stories in
 * member-service and leaves every public view when they withdraw it; a mentorship's session, recorded in member-service,
 * becomes the mentor's MENTORING contribution in initiative-service, which a steward verifies.
 */
class VisibilityAndMentorshipFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** demo neighbours no other test uses */
    private static final String AUTHOR = "neighbour-34";
    private static final String LEARNER = "neighbour-29";

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    /** A partnership of acme with an initiative the author takes part in (once initiative-service knows them). */
    private static String[] anInitiativeTheAuthorTakesPartIn() {
        String partnership = as("sam").body("{\"name\":\"Visibility " + UUID.randomUUID() + "\",\"partnerName\":\"Acme Hardware\","
                        + "\"partnerOrganization\":\"acme\",\"purpose\":\"Show what members do.\",\"memberNeeds\":\"Being seen.\","
                        + "\"partnerContributes\":\"A stage.\",\"communityContributes\":\"Stories.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String proposal = "{\"kind\":\"PILOT\",\"title\":\"Grant clinic\",\"problem\":\"Small groups miss grants.\",\"approach\":\"Write together.\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(PATIENCE).until(() -> as(AUTHOR).header("Idempotency-Key", key).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as(AUTHOR).header("Idempotency-Key", key).body(proposal).post("/api/partnerships/" + partnership + "/initiatives")
                .then().statusCode(201).extract().path("id");
        as(AUTHOR).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        return new String[] { partnership, initiative };
    }

    @Test
    void aShowcaseLeavesEveryPublicViewWhenItsAuthorWithdrawsImpactStoriesInMemberService() {
        Suite.joined(AUTHOR);
        String[] ids = anInitiativeTheAuthorTakesPartIn();
        as(AUTHOR).body("{\"granted\":true}").put("/api/members/me/consents/impact-stories").then().statusCode(200);
        String showcase = as(AUTHOR).body("{\"title\":\"Our first grant\",\"story\":\"Four of us wrote it in two evenings.\","
                + "\"authorName\":\"Neighbour 34\"}").post("/api/initiatives/" + ids[1] + "/showcases").then().statusCode(201).extract().path("id");
        Awaitility.await().atMost(PATIENCE).until(() -> Suite.api().get("/api/public/showcases/" + showcase).statusCode() == 200);
        Suite.api().get("/api/public/showcases?partnershipId=" + ids[0]).then().statusCode(200).body("items.authors", contains(contains("Neighbour 34")));

        long withdrawn = System.nanoTime();
        as(AUTHOR).body("{\"granted\":false}").put("/api/members/me/consents/impact-stories").then().statusCode(200);
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(25))
                .until(() -> Suite.api().get("/api/public/showcases/" + showcase).statusCode() == 404);
        System.out.printf("a withdrawn showcase left the public page %d ms after the withdrawal was answered%n",
                (System.nanoTime() - withdrawn) / 1_000_000);
        Suite.api().get("/api/public/showcases?partnershipId=" + ids[0]).then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        Suite.api().queryParam("q", "first grant").queryParam("kind", "showcase").get("/api/public/archive").then().statusCode(200).body("items.id", not(hasItem(showcase)));
        Suite.api().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).get("/api/partner/showcases?partnershipId=" + ids[0])
                .then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void aMentoringSessionBecomesTheMentorsContributionWhichAStewardVerifies() {
        Suite.joined(AUTHOR);
        Suite.joined(LEARNER);
        String[] ids = anInitiativeTheAuthorTakesPartIn();
        as(AUTHOR).body("{\"granted\":true}").put("/api/members/me/consents/directory-listing").then().statusCode(200);
        String offer = as(AUTHOR).body("{\"skills\":[\"grant-writing\"],\"availability\":[\"WEEKDAY_EVENING\"],\"formats\":[\"GROUP\"],"
                + "\"capacity\":5}").post("/api/mentorship/offers").then().statusCode(201).extract().path("id");
        String request = as(LEARNER).body("{\"skills\":[\"grant-writing\"],\"availability\":[\"WEEKDAY_EVENING\"],\"formats\":[\"GROUP\"]}")
                .post("/api/mentorship/requests").then().statusCode(201).extract().path("id");
        as(LEARNER).get("/api/mentorship/requests/" + request + "/suggestions").then().statusCode(200).body("offerId", hasItem(offer));
        String match = as(LEARNER).body("{\"offerId\":\"" + offer + "\"}").post("/api/mentorship/requests/" + request + "/matches").then()
                .statusCode(201).extract().path("id");
        as(AUTHOR).post("/api/mentorship/matches/" + match + "/accept").then().statusCode(200).body("status", equalTo("ACTIVE"));

        // member-service learns the initiative from initiative-service's events: until then the session names an unknown one
        String session = "{\"initiativeId\":\"" + ids[1] + "\",\"heldOn\":\"" + LocalDate.now(ZoneOffset.UTC) + "\",\"hours\":1.25}";
        Awaitility.await().atMost(PATIENCE).until(() -> as(AUTHOR).body(session).post("/api/mentorship/matches/" + match + "/sessions")
                .statusCode() == 201);
        String id = as(AUTHOR).get("/api/mentorship/mine").then().extract().path("mentorships.find { it.id == '" + match + "' }.sessions[0].id");
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> as(AUTHOR).get("/api/contributions/mine").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.type", equalTo("MENTORING"))
                .body("items.find { it.id == '" + id + "' }.status", equalTo("RECORDED")));
        as("sam").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200)
                .body("status", equalTo("VERIFIED"), "hours", equalTo("1.25"));
        // either side ends it whenever they like
        as(LEARNER).post("/api/mentorship/matches/" + match + "/end").then().statusCode(200).body("status", equalTo("ENDED"));
        as(AUTHOR).post("/api/mentorship/listings/" + offer + "/close").then().statusCode(200);
        as(LEARNER).post("/api/mentorship/listings/" + request + "/close").then().statusCode(200);
    }
}
