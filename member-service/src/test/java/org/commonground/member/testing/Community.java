package org.commonground.member.testing;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.commonground.platform.testing.Tokens;

/**
 * The community as member-service tests set it up: demo users who join, grant, create groups, through the API
 * with their real tokens. Reads of the database only check what the API cannot show (the outbox, history rows).
 */
public final class Community {

    private final AgroalDataSource database;

    public Community(AgroalDataSource database) {
        this.database = database;
    }

    /** A request as a demo user, with their real token. */
    public static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    /** The user starts as someone who never joined: their member row (and all that hangs on it) is gone. */
    public Community forget(String... users) {
        for (String user : users) {
            update("DELETE FROM member WHERE subject = '" + Tokens.subject(user) + "'");
        }
        return this;
    }

    /** The user has joined (again, if needed) under this name, with nothing granted; answers their member id. */
    public String joined(String user, String displayName) {
        forget(user);
        return as(user).body("{\"displayName\":\"" + displayName + "\"}").post("/api/members")
                .then().statusCode(201).extract().path("id");
    }

    public static void grant(String user, String purpose) {
        as(user).body("{\"granted\":true}").put("/api/members/me/consents/" + purpose).then().statusCode(200);
    }

    public static void withdraw(String user, String purpose) {
        as(user).body("{\"granted\":false}").put("/api/members/me/consents/" + purpose).then().statusCode(200);
    }

    /** A new group, created by a steward (who then stewards it); answers its id. */
    public static String group(String steward, String visibility) {
        return as(steward).body("{\"name\":\"Group " + UUID.randomUUID() + "\",\"purpose\":\"Testing together\",\"visibility\":\""
                        + visibility + "\"}")
                .post("/api/groups").then().statusCode(201).extract().path("id");
    }

    public static void join(String user, String groupId) {
        as(user).post("/api/groups/" + groupId + "/members/me").then().statusCode(201);
    }

    /** Events of a type waiting in (or sent from) the outbox for a key. */
    public long events(String type, String key) {
        return count("SELECT count(*) FROM outbox WHERE type = '" + type + "' AND message_key = '" + key + "'");
    }

    /** The payload of the newest event of a type for a key. */
    public String lastEvent(String type, String key) {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT payload FROM outbox WHERE type = '" + type + "' AND message_key = '" + key + "' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql) {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void update(String sql) {
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
