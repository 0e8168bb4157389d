package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * A partner integrates through the gateway with its own client credentials: it sees a participant by name only while
 * the member shares their profile with its partnership (granted in member-service, applied in initiative-service over
 * Kafka), the member's access log shows each of the partner's reads, and the other partner finds nothing.
 */
class PartnerFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** a demo neighbour no other test uses */
    private static final String MEMBER = "neighbour-33";

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private static RequestSpecification partner(String organization) {
        return Suite.api().auth().oauth2(Tokens.partner("partner-" + organization, "partner-" + organization + "-secret"));
    }

    private static JsonPath participants(String initiative) {
        return partner("acme").get("/api/partner/initiatives/" + initiative + "/participants").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPartnerSeesAParticipantByNameOnlyWhileTheyShareAndEveryReadIsInTheirAccessLog() {
        Suite.joined(MEMBER);
        String me = as(MEMBER).get("/api/members/me").then().statusCode(200).extract().path("id");
        as(MEMBER).body("{\"granted\":false}").put("/api/members/me/consents/partner-profile-sharing").then().statusCode(200);
        String partnership = as("sam").body("{\"name\":\"Repair café " + UUID.randomUUID() + "\",\"partnerName\":\"Acme Hardware\","
                        + "\"partnerOrganization\":\"acme\",\"purpose\":\"Mend things together every month.\","
                        + "\"memberNeeds\":\"Repairs cost too much.\",\"partnerContributes\":\"Tools.\",\"communityContributes\":\"Fixers.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String proposal = "{\"kind\":\"PROGRAM\",\"title\":\"Monthly repair café\",\"problem\":\"Broken things are thrown away.\","
                + "\"approach\":\"Fixers meet members once a month.\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(PATIENCE).until(() -> as(MEMBER).header("Idempotency-Key", key).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as(MEMBER).header("Idempotency-Key", key).body(proposal).post("/api/partnerships/" + partnership + "/initiatives")
                .then().statusCode(201).extract().path("id");
        as(MEMBER).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);

        // not shared: a pseudonym
        String pseudonym = participants(initiative).getString("items[0].participant");
        org.junit.jupiter.api.Assertions.assertTrue(pseudonym.startsWith("participant-"), pseudonym);
        partner("globex").get("/api/partner/initiatives/" + initiative + "/participants").then().statusCode(404);

        // shared with this partnership: acme sees the name, and the read is in the member's access log
        Awaitility.await().atMost(PATIENCE).until(() -> as(MEMBER).body("{\"granted\":true,\"partnershipId\":\"" + partnership + "\"}")
                .put("/api/members/me/consents/partner-profile-sharing").statusCode() == 200);
        Awaitility.await().atMost(PATIENCE).until(() -> MEMBER.equals(participants(initiative).getString("items[0].displayName")));
        org.junit.jupiter.api.Assertions.assertEquals(me, participants(initiative).getString("items[0].participant"));
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> as(MEMBER).get("/api/members/me/access-log").then().statusCode(200)
                .body("items.clientId", hasItem("partner-acme"))
                .body("items.find { it.clientId == 'partner-acme' }.endpoint", startsWith("GET /api/partner/initiatives/" + initiative)));

        // withdrawn: the pseudonym again from the next calls
        as(MEMBER).body("{\"granted\":false,\"partnershipId\":\"" + partnership + "\"}").put("/api/members/me/consents/partner-profile-sharing")
                .then().statusCode(200);
        Awaitility.await().atMost(PATIENCE).until(() -> pseudonym.equals(participants(initiative).getString("items[0].participant")));

        // the rest of the partner API through the gateway: its partnerships, pools and scorecard, and nothing of another's
        partner("acme").get("/api/partner/partnerships").then().statusCode(200).body("id", hasItem(partnership));
        partner("acme").get("/api/partner/pools?partnershipId=" + partnership).then().statusCode(200);
        partner("globex").get("/api/partner/pools?partnershipId=" + partnership).then().statusCode(404);
        String scorecard = "/api/partner/scorecard?partnershipId=" + partnership + "&period=" + YearMonth.now(ZoneOffset.UTC);
        Awaitility.await().atMost(PATIENCE).until(() -> partner("acme").get(scorecard).statusCode() == 200);
        partner("acme").get(scorecard).then().body("partnershipId", equalTo(partnership));
        partner("globex").get(scorecard).then().statusCode(404);

        // the README's "For partners" walk-through, run as written against this partnership
        String output = readmeWalkThrough(partnership, initiative);
        org.junit.jupiter.api.Assertions.assertTrue(output.contains("\"organization\":\"acme\"") && output.contains(pseudonym), output);
    }

    /** Runs the first sh block of the README's "For partners" section with bash -e; answers what it printed. */
    private static String readmeWalkThrough(String partnership, String initiative) {
        try {
            String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
            String section = readme.substring(readme.indexOf("## For partners"));
            String block = section.substring(section.indexOf("```sh\n") + 6, section.indexOf("\n```", section.indexOf("```sh\n")));
            ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", block).redirectErrorStream(true);
            bash.environment().put("API", Suite.gateway());
            bash.environment().put("REALM", org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("cg.oidc-server", String.class));
            bash.environment().put("P", partnership);
            bash.environment().put("I", initiative);
            Process process = bash.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            org.junit.jupiter.api.Assertions.assertEquals(0, process.exitValue(), "the README's commands failed:\n" + block + "\n" + output);
            return output;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
