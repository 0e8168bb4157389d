package org.commonground.initiative.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The calendar, as JSON and as an iCalendar feed that a real parser reads. */
@QuarkusTest
class CalendarTest {

    String partnership;
    final Instant start = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    @BeforeEach
    void samStewardsAPartnershipWithAMeeting() {
        partnership = as("sam").body("""
                        {"name":"Calendar partnership","partnerName":"Acme","purpose":"Meet, plan, and keep to the dates.",
                         "memberNeeds":"Knowing when things happen.","partnerContributes":"A room.","communityContributes":"People."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        as("sam").body("{\"kind\":\"MEETING\",\"title\":\"Kick-off, \\\"everyone\\\" welcome; bring ideas\",\"location\":\"Community hall\","
                        + "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(Duration.ofHours(2)) + "\","
                        + "\"responsibleGroupId\":\"" + UUID.randomUUID() + "\"}")
                .post("/api/partnerships/" + partnership + "/calendar").then().statusCode(201).body("responsible", equalTo("a group"));
    }

    @Test
    void theFeedIsValidICalendarThatAParserReads() throws Exception {
        String ics = given().queryParam("partnership", partnership).get("/api/calendar.ics").then().statusCode(200)
                .contentType(containsString("text/calendar")).extract().asString();
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(1, events.size(), ics);
        VEvent meeting = events.get(0);
        assertEquals("Kick-off, \"everyone\" welcome; bring ideas", meeting.getSummary().getValue());
        assertEquals("Community hall", meeting.getLocation().getValue());
        assertTrue(meeting.getUid().get().getValue().endsWith("@commonground"));
        assertEquals(start, Instant.from(meeting.getDateTimeStart().getDate()));
        assertEquals(1, meeting.getProperties("DTSTAMP").size(), "RFC 5545: exactly one DTSTAMP per event");
        assertEquals(1, ics.split("BEGIN:VEVENT", -1).length - 1);
    }

    @Test
    void milestonesAreDeadlinesOnTheCalendar() throws Exception {
        org.commonground.initiative.testing.Members.known("sam");
        String body = """
                {"kind":"PROGRAM","title":"Dates","problem":"Nobody knows the dates.","approach":"Publish them."}""";
        // sam can propose once member-service's word that he joined has arrived
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as("sam").body(body)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = given().queryParam("partnership", partnership).get("/api/public/initiatives").then().extract()
                .path("items[0].id");
        as("sam").body("{\"title\":\"Report\",\"dueOn\":\"" + LocalDate.now().plusDays(20) + "\",\"weight\":1}")
                .post("/api/initiatives/" + initiative + "/milestones").then().statusCode(201);
        given().queryParam("partnership", partnership).get("/api/public/calendar").then().statusCode(200)
                .body("kind", hasItem("DEADLINE"), "title", hasItem("Dates: Report"));
        String ics = given().queryParam("partnership", partnership).get("/api/calendar.ics").then().extract().asString();
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        assertEquals(2, calendar.getComponents("VEVENT").size());
    }

    @Test
    void onlyThePartnershipsStewardsFillItsCalendarAndBadEntriesAreRefused() {
        String url = "/api/partnerships/" + partnership + "/calendar";
        String group = UUID.randomUUID().toString();
        as("tess").body("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"responsibleGroupId\":\"" + group + "\"}")
                .post(url).then().statusCode(403);
        as("alice").body("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"responsibleGroupId\":\"" + group + "\"}")
                .post(url).then().statusCode(403);
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"kind\":\"PARTY\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"responsibleGroupId\":\"" + group + "\"}", "kind"),
                new Case("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\"}", "responsibleGroupId"),
                new Case("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.minusSeconds(60)
                        + "\",\"responsibleGroupId\":\"" + group + "\"}", "endsAt"),
                new Case("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(Duration.ofDays(40))
                        + "\",\"responsibleGroupId\":\"" + group + "\"}", "endsAt"),
                new Case("{\"kind\":\"MEETING\",\"title\":\"\",\"startsAt\":\"" + start + "\",\"responsibleGroupId\":\"" + group + "\"}", "title"),
                new Case("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"tomorrow\",\"responsibleGroupId\":\"" + group + "\"}", "startsAt"))) {
            as("sam").body(c.body()).post(url).then().statusCode(400).body("errors.field", hasItem(c.field()));
        }
        as("sam").body("{\"kind\":\"MEETING\",\"title\":\"x\",\"startsAt\":\"" + start + "\",\"responsibleMemberId\":\"" + UUID.randomUUID() + "\"}")
                .post(url).then().statusCode(404);
        given().queryParam("partnership", partnership).get("/api/public/calendar").then().body("size()", equalTo(1));
    }
}
