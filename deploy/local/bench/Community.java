import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The community the fault drills and benchmarks work in, built through the gateway as users would: the demo realm's
 * load users (load-1 .. load-5), or users made for one run (a member records at most 24 hours a day, so a benchmark that
 * records thousands of contributions needs members of its own each day it runs), join, the steward sam starts a partnership with Acme Hardware (partner client
 * partner-acme), publishes a benefit policy that credits every kind of contribution, and the load users propose and take
 * part in one pilot. Also the HTTP calls the tools make, with each user's token.
 */
final class Community {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final String PARTNER = "partner-acme";

    static String gateway;
    static String realm;
    private static final Map<String, String[]> TOKENS = new ConcurrentHashMap<>();

    /** A partnership and its pilot, and the load users who take part in it. */
    record Pilot(String partnership, String initiative, List<String> members) {
    }

    private Community() {
    }

    static void at(String gatewayUrl, String realmUrl) {
        gateway = gatewayUrl;
        realm = realmUrl;
    }

    /** load-1 .. load-N. */
    static List<String> loadUsers(int count) {
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            users.add("load-" + i);
        }
        return users;
    }

    /**
     * Members made for this run in the realm through Keycloak's admin API (PREFIX-1 .. PREFIX-N, each with the member
     * role, their name as password); {@link #removeUsers} takes them out of the realm again (what they did stays, as a
     * departed member's does).
     */
    static List<String> newUsers(String prefix, int count, String adminPassword) throws Exception {
        String admin = adminToken(adminPassword);
        String users = adminBase() + "/admin/realms/commonground/users";
        HttpResponse<String> role = expect(200, HTTP.send(HttpRequest.newBuilder(URI.create(adminBase() + "/admin/realms/commonground/roles/member"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()));
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + "-" + i;
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(users)).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name
                            + "\",\"enabled\":true,\"email\":\"" + name + "@load.commonground.local\",\"emailVerified\":true,"
                            + "\"firstName\":\"Benchmark\",\"lastName\":\"" + name + "\",\"credentials\":[{\"type\":\"password\","
                            + "\"value\":\"" + name + "\",\"temporary\":false}]}")).build(), HttpResponse.BodyHandlers.ofString());
            String location = created.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                    "Keycloak did not create " + name + ": " + created.statusCode() + " " + created.body()));
            HttpResponse<String> mapped = HTTP.send(HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + role.body() + "]")).build(), HttpResponse.BodyHandlers.ofString());
            if (mapped.statusCode() != 204) {
                throw new IllegalStateException("Keycloak did not give " + name + " the member role: " + mapped.statusCode());
            }
            names.add(name);
        }
        return names;
    }

    static void removeUsers(List<String> names, String adminPassword) throws Exception {
        String admin = adminToken(adminPassword);
        for (String name : names) {
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(adminBase() + "/admin/realms/commonground/users?exact=true"
                    + "&username=" + URLEncoder.encode(name, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + admin).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(found.body());
            if (id.find()) {
                HTTP.send(HttpRequest.newBuilder(URI.create(adminBase() + "/admin/realms/commonground/users/" + id.group(1)))
                        .header("Authorization", "Bearer " + admin).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static String adminBase() {
        return realm.substring(0, realm.indexOf("/realms/"));
    }

    private static String adminToken(String adminPassword) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adminBase() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=admin-cli&username=admin&password=" + URLEncoder.encode(adminPassword,
                                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no Keycloak admin token: " + r.statusCode());
        }
        return m.group(1);
    }

    static Pilot pilot(String name, List<String> wanted) throws Exception {
        for (String m : wanted) {
            int status = call(m, "POST", "/api/members", "{\"displayName\":\"" + m + "\"}").statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException(m + " could not join: " + status);
            }
        }
        String partnership = id(expect(201, call("sam", "POST", "/api/partnerships", "{\"name\":\"" + name + " " + UUID.randomUUID()
                .toString().substring(0, 8) + "\",\"partnerName\":\"Acme Hardware\",\"partnerOrganization\":\"acme\",\"purpose\":\"Faults and load, measured"
                + " against the books.\",\"memberNeeds\":\"A ledger that never loses a contribution.\",\"partnerContributes\":\"Patience.\","
                + "\"communityContributes\":\"Contributions.\"}")));
        String policy = id(eventually(Set.of(201), 120, () -> call("sam", "POST", "/api/policies", "{\"partnershipId\":\"" + partnership
                + "\",\"weights\":{\"CONTENT\":\"1\",\"EVENT_ORGANIZATION\":\"1\",\"ADVISORY\":\"1\",\"MENTORING\":\"1\",\"TRAINING\":\"1\","
                + "\"FACILITATION\":\"1\",\"RESEARCH\":\"1\",\"OUTREACH\":\"1\",\"OTHER\":\"1\"},\"formats\":[\"STIPEND\"],\"reviewOn\":\""
                + LocalDate.now(ZoneOffset.UTC).plusMonths(6) + "\"}")));
        expect(200, call("sam", "POST", "/api/policies/" + policy + "/publish", ""));
        String initiative = null;
        for (String m : wanted) { // the first of them initiative-service knows proposes it
            try {
                initiative = id(eventually(Set.of(201), 40, () -> call(m, "POST", "/api/partnerships/" + partnership + "/initiatives",
                        "{\"kind\":\"PILOT\",\"title\":\"" + name + " pilot\",\"problem\":\"Load happens.\",\"approach\":\"Measure it.\"}")));
                break;
            } catch (IllegalStateException e) {
                System.out.println(m + " cannot propose here: " + e.getMessage());
            }
        }
        if (initiative == null) {
            throw new IllegalStateException("none of " + wanted + " could propose the pilot");
        }
        String proposed = initiative;
        // who takes part: on a test stack a service's own tests may have told it, with synthetic events, that one of
        // these users was erased; the tools go on with the others (at least two)
        List<String> taking = new ArrayList<>();
        for (String m : wanted) {
            try {
                eventually(Set.of(200, 201), 40, () -> call(m, "POST", "/api/initiatives/" + proposed + "/participants/me", ""));
                taking.add(m);
            } catch (IllegalStateException e) {
                System.out.println(m + " cannot take part here, the tools go on without them: " + e.getMessage());
            }
        }
        if (taking.size() < 2) {
            throw new IllegalStateException("fewer than two of " + wanted + " can take part in the pilot");
        }
        return new Pilot(partnership, initiative, List.copyOf(taking));
    }

    /** The services' database passwords from the stack's secrets file (DB_PASSWORD_<database>=...), by database. */
    static Map<String, String> databasePasswords(String secretsFile) throws java.io.IOException {
        Map<String, String> passwords = new java.util.HashMap<>();
        for (var secret : secrets(secretsFile).entrySet()) {
            if (secret.getKey().startsWith("DB_PASSWORD_")) {
                passwords.put(secret.getKey().substring("DB_PASSWORD_".length()), secret.getValue());
            }
        }
        return passwords;
    }

    /** A connection to a service's database as its own user (host:port, the passwords by database). */
    static java.sql.Connection database(String hostPort, Map<String, String> passwords, String db) throws java.sql.SQLException {
        String password = passwords.get(db);
        if (password == null) {
            throw new IllegalStateException("no password for the database " + db + " in the secrets file");
        }
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/" + db, db, password);
    }

    /** The stack's secrets file (NAME=value lines). */
    static Map<String, String> secrets(String secretsFile) throws java.io.IOException {
        Map<String, String> secrets = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(secretsFile))) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                secrets.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return secrets;
    }

    // ---- HTTP

    static HttpResponse<String> call(String user, String method, String path, String body) throws Exception {
        return HTTP.send(request(user, method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(String user, String method, String path, String body) throws Exception {
        return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : gateway + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * A token for a demo user (password grant of the web client) or a partner client (client credentials), fetched again
     * a minute before it expires (the realm issues five-minute tokens).
     */
    static String token(String user) throws Exception {
        String[] cached = TOKENS.get(user);
        if (cached != null && Instant.parse(cached[1]).isAfter(Instant.now())) {
            return cached[0];
        }
        String form = user.startsWith("partner-")
                ? "grant_type=client_credentials&client_id=" + user + "&client_secret=" + user + "-secret"
                : "grant_type=password&client_id=web&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        TOKENS.put(user, new String[] { m.group(1), Instant.now().plusSeconds(240).toString() });
        return m.group(1);
    }

    interface Call {
        HttpResponse<String> get() throws Exception;
    }

    /** Repeats a call until it answers as expected: the services learn of partnerships and members over Kafka. */
    static HttpResponse<String> eventually(Set<Integer> statuses, int attempts, Call call) throws Exception {
        HttpResponse<String> r = null;
        for (int i = 0; i < attempts; i++) {
            r = call.get();
            if (statuses.contains(r.statusCode())) {
                return r;
            }
            Thread.sleep(500); // a command-line tool waiting for the services to learn of each other
        }
        throw new IllegalStateException("expected " + statuses + ", last answer " + r.statusCode() + " " + r.body());
    }

    static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    static String id(HttpResponse<String> r) {
        Matcher m = ID.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no id in " + r.body());
        }
        return m.group(1);
    }
}
