import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault at a time under a steady load, and then the books must balance. The load (an open model: requests go out on
 * schedule whether or not earlier ones were answered) records contributions as five members, has a steward verify each
 * recorded one, and changes consents. Some time into it, one fault is injected through the stack script (a process
 * stopped and restarted, SIGKILLed and restarted, or paused with SIGSTOP and resumed); the load goes on through the fault
 * and after it, then stops. The system must then catch up: every verification the API accepted must reach
 * benefit-service's ledger exactly once (none lost, none twice), and `verify`'s invariants must hold.
 *
 * Usage: java -cp 'libs/*' Chaos.java GATEWAY REALM STACK_SCRIPT PG_HOST:PORT SECRETS_FILE VERIFY_SOURCE FAULT...
 * FAULT: restart:NAME (stop, 5 s, start), kill:NAME (SIGKILL, then start), pause:NAME (SIGSTOP 15 s, then SIGCONT)
 * Environment: CHAOS_RATE (requests per second, 12), CHAOS_SECONDS (load per fault, 40), CHAOS_FAULT_AT (10)
 */
public class Chaos {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final List<String> MEMBERS = List.of("load-1", "load-2", "load-3", "load-4", "load-5");
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    static String gateway;
    static String realm;
    static String stack;
    static String postgres;
    static Map<String, String> passwords = new HashMap<>();
    static final Map<String, String[]> tokens = new ConcurrentHashMap<>();

    record Row(String fault, int sent, int accepted, int verified, long events, long lost, long duplicated, String recovered,
            boolean invariants) {
    }

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        realm = args[1];
        stack = args[2];
        postgres = args[3];
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[4]))) {
            if (line.startsWith("DB_PASSWORD_")) {
                passwords.put(line.substring("DB_PASSWORD_".length(), line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        String verify = args[5];
        int rate = Integer.parseInt(System.getenv().getOrDefault("CHAOS_RATE", "12"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("CHAOS_SECONDS", "40"));
        int faultAt = Integer.parseInt(System.getenv().getOrDefault("CHAOS_FAULT_AT", "10"));

        String partnership = setUp();
        System.out.println("partnership " + partnership + ": " + rate + " requests/s for " + seconds + " s per fault, the fault at "
                + faultAt + " s");
        // the dead letters and dead outbox rows there are before the first fault: the drill must add none
        baseline = java.nio.file.Files.createTempFile("chaos-baseline", ".txt");
        java.nio.file.Files.delete(baseline);
        if (!verify(verify, partnership)) {
            throw new IllegalStateException("the invariants do not hold before the first fault: fix that first");
        }
        List<Row> rows = new ArrayList<>();
        for (String fault : List.of(args).subList(6, args.length)) {
            rows.add(run(fault, partnership, rate, seconds, faultAt, verify));
        }
        System.out.println();
        System.out.printf("%-26s %6s %9s %9s %7s %5s %11s %13s %11s%n", "FAULT", "SENT", "ACCEPTED", "VERIFIED", "EVENTS", "LOST",
                "DUPLICATED", "RECOVERED IN", "INVARIANTS");
        System.out.println("(recovered in: from the fault lifted until everything accepted before then is in the ledger)");
        boolean ok = true;
        for (Row r : rows) {
            System.out.printf("%-26s %6d %9d %9d %7d %5d %11d %13s %11s%n", r.fault(), r.sent(), r.accepted(), r.verified(), r.events(),
                    r.lost(), r.duplicated(), r.recovered(), r.invariants() ? "hold" : "BROKEN");
            ok &= r.lost() == 0 && r.duplicated() == 0 && r.invariants();
        }
        System.out.println(ok ? "no event lost, none applied twice, every invariant holds" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    // ---- the community the load works in

    static String setUp() throws Exception {
        for (String m : MEMBERS) {
            int status = call(m, "POST", "/api/members", "{\"displayName\":\"" + m + "\"}").statusCode();
            if (status != 201 && status != 409) {
                throw new IllegalStateException(m + " could not join: " + status);
            }
        }
        String partnership = id(expect(201, call("sam", "POST", "/api/partnerships", "{\"name\":\"Chaos " + UUID.randomUUID().toString()
                .substring(0, 8) + "\",\"partnerName\":\"Acme Hardware\",\"partnerOrganization\":\"acme\",\"purpose\":\"Faults, one at a time,"
                + " under load.\",\"memberNeeds\":\"A ledger that never loses a contribution.\",\"partnerContributes\":\"Patience.\","
                + "\"communityContributes\":\"Contributions.\"}")));
        String policy = id(eventually(201, () -> call("sam", "POST", "/api/policies", "{\"partnershipId\":\"" + partnership + "\",\"weights\":"
                + "{\"CONTENT\":\"1\",\"EVENT_ORGANIZATION\":\"1\",\"ADVISORY\":\"1\",\"MENTORING\":\"1\",\"TRAINING\":\"1\",\"FACILITATION\":\"1\","
                + "\"RESEARCH\":\"1\",\"OUTREACH\":\"1\",\"OTHER\":\"1\"},\"formats\":[\"STIPEND\"],\"reviewOn\":\""
                + LocalDate.now(ZoneOffset.UTC).plusMonths(6) + "\"}")));
        expect(200, call("sam", "POST", "/api/policies/" + policy + "/publish", ""));
        String initiative = null;
        for (String m : MEMBERS) { // the first of them initiative-service knows proposes it
            try {
                initiative = id(eventually(Set.of(201), 40, () -> call(m, "POST", "/api/partnerships/" + partnership + "/initiatives",
                        "{\"kind\":\"PILOT\",\"title\":\"Chaos pilot\",\"problem\":\"Faults happen.\",\"approach\":\"Keep going.\"}")));
                break;
            } catch (IllegalStateException e) {
                System.out.println(m + " cannot propose here: " + e.getMessage());
            }
        }
        if (initiative == null) {
            throw new IllegalStateException("none of " + MEMBERS + " could propose the drill's initiative");
        }
        String proposed = initiative;
        // who takes part: on a test stack a service's own tests may have told it, with synthetic events, that one of
        // these users was erased; the drill goes on with the others (at least two)
        List<String> taking = new ArrayList<>();
        for (String m : MEMBERS) {
            try {
                eventually(Set.of(200, 201), 40, () -> call(m, "POST", "/api/initiatives/" + proposed + "/participants/me", ""));
                taking.add(m);
            } catch (IllegalStateException e) {
                System.out.println(m + " cannot take part here, the drill goes on without them: " + e.getMessage());
            }
        }
        if (taking.size() < 2) {
            throw new IllegalStateException("fewer than two of " + MEMBERS + " can take part in the drill's initiative");
        }
        members = List.copyOf(taking);
        Chaos.initiative = initiative;
        return partnership;
    }

    static String initiative;
    static List<String> members = MEMBERS;

    // ---- one fault under load

    static Row run(String fault, String partnership, int rate, int seconds, int faultAt, String verify) throws Exception {
        System.out.println("▸ " + fault);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        Set<String> verified = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        var workers = Executors.newFixedThreadPool(64);
        AtomicInteger tick = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            int n = tick.getAndIncrement();
            workers.submit(() -> {
                sent.incrementAndGet();
                try {
                    HttpResponse<String> r;
                    if (n % 2 == 0) {
                        String member = members.get((n / 2) % members.size());
                        r = call(member, "POST", "/api/initiatives/" + initiative + "/contributions", "{\"type\":\"CONTENT\","
                                + "\"description\":\"Chaos " + n + "\",\"hours\":0.01,\"occurredOn\":\"" + LocalDate.now(ZoneOffset.UTC) + "\"}");
                        if (r.statusCode() == 201) {
                            recorded.add(id(r));
                        }
                    } else if (n % 6 == 5) {
                        String member = members.get(n % members.size());
                        r = call(member, "PUT", "/api/members/me/consents/public-recognition", "{\"granted\":" + (n % 4 == 1) + "}");
                    } else {
                        String contribution = recorded.poll();
                        if (contribution == null) {
                            return;
                        }
                        r = call("sam", "POST", "/api/contributions/" + contribution + "/verify", "{\"impact\":\"LOW\"}");
                        if (r.statusCode() == 200) {
                            verified.add(contribution);
                        } else if (r.statusCode() != 409) {
                            recorded.add(contribution); // refused while a service was down: verify it later
                        }
                    }
                    if (r.statusCode() < 300) {
                        accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    // no answer in time: the request counts as sent, not accepted
                }
            });
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);

        Instant started = Instant.now();
        Thread.sleep(faultAt * 1000L);
        String[] parts = fault.split(":");
        Instant lifted = inject(parts[0], parts[1]);
        // recovered: everything accepted up to the moment the fault was lifted has reached the ledger
        Set<String> beforeLift = Set.copyOf(verified);
        Instant[] recoveredAt = new Instant[1];
        Thread watcher = new Thread(() -> {
            try {
                while (credited(beforeLift) < beforeLift.size()) {
                    Thread.sleep(250);
                }
                recoveredAt[0] = Instant.now();
            } catch (Exception e) {
                // interrupted at the end of the run, or the database is the fault: measured as never recovered
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        // the load goes on after the fault until its time is up (at least ten seconds more)
        long remaining = Math.max(10_000, Duration.between(Instant.now(), started.plusSeconds(seconds)).toMillis());
        Thread.sleep(remaining);
        clock.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(60, TimeUnit.SECONDS);

        // the system catches up: every accepted verification credited in the ledger
        Instant deadline = Instant.now().plusSeconds(180);
        long credited = credited(verified);
        while (credited < verified.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            credited = credited(verified);
        }
        watcher.join(5000);
        Duration recovery = recoveredAt[0] == null ? null : Duration.between(lifted, recoveredAt[0]);
        long duplicated = duplicated(partnership);
        long events = events(verified);
        boolean invariants = verify(verify, partnership);
        return new Row(fault, sent.get(), accepted.get(), verified.size(), events, verified.size() - credited, duplicated,
                recovery == null ? "never" : String.format("%.1f s", Math.max(0, recovery.toMillis()) / 1000.0), invariants);
    }

    static java.nio.file.Path baseline;

    /** `verify` on the drill's partnership, with no dead letter or dead outbox row beyond the baseline; prints it when it fails. */
    static boolean verify(String verify, String partnership) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), verify, gateway,
                System.getenv().getOrDefault("CHAOS_KAFKA", "127.0.0.1:9092"), postgres, System.getenv("CHAOS_SECRETS"), "60")
                .redirectErrorStream(true);
        builder.environment().put("VERIFY_PARTNERSHIP", partnership);
        builder.environment().put("VERIFY_BASELINE", baseline.toString());
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean holds = check.waitFor() == 0;
        if (!holds) {
            System.out.println(output);
        }
        return holds;
    }

    /** Injects the fault and lifts it; answers when it was lifted (the process is back). */
    static Instant inject(String kind, String process) throws Exception {
        switch (kind) {
            case "restart" -> {
                stack("stop", process);
                Thread.sleep(5000);
                stack("start", process);
            }
            case "kill" -> {
                stack("kill", process);
                stack("start", process);
            }
            case "pause" -> {
                stack("pause", process);
                Thread.sleep(15000);
                stack("resume", process);
            }
            default -> throw new IllegalArgumentException("unknown fault " + kind + " (restart, kill, pause)");
        }
        return Instant.now();
    }

    static void stack(String command, String process) throws Exception {
        Process p = new ProcessBuilder(stack, command, process).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("stack " + command + " " + process + " failed: " + output);
        }
    }

    // ---- the books

    static long credited(Set<String> contributions) throws SQLException {
        return count("benefits", "SELECT count(DISTINCT contribution_id) FROM ledger_entry WHERE kind = 'CONTRIBUTION_CREDITED'"
                + " AND contribution_id = ANY (?::uuid[])", contributions);
    }

    static long events(Set<String> contributions) throws SQLException {
        return count("initiatives", "SELECT count(*) FROM outbox WHERE type = 'contribution.verified.v1' AND subject = ANY (?)",
                contributions);
    }

    static long duplicated(String partnership) throws SQLException {
        try (Connection c = connect("benefits"); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM (SELECT contribution_id"
                + " FROM ledger_entry WHERE partnership_id = ?::uuid AND kind = 'CONTRIBUTION_CREDITED' GROUP BY contribution_id"
                + " HAVING count(DISTINCT movement_id) > 1) twice")) {
            s.setString(1, partnership);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long count(String db, String sql, Set<String> ids) throws SQLException {
        try (Connection c = connect(db); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + postgres + "/" + db, db, passwords.get(db));
    }

    // ---- HTTP

    static HttpResponse<String> call(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token(user)).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A demo user's token, fetched again a minute before it expires (the realm issues five-minute tokens). */
    static String token(String user) throws Exception {
        String[] cached = tokens.get(user);
        if (cached != null && Instant.parse(cached[1]).isAfter(Instant.now())) {
            return cached[0];
        }
        String form = "grant_type=password&client_id=web&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        tokens.put(user, new String[] { m.group(1), Instant.now().plusSeconds(240).toString() });
        return m.group(1);
    }

    interface Call {
        HttpResponse<String> get() throws Exception;
    }

    /** Repeats a call until it answers as expected: the services learn of partnerships and members over Kafka. */
    static HttpResponse<String> eventually(int status, Call call) throws Exception {
        return eventually(Set.of(status), call);
    }

    static HttpResponse<String> eventually(Set<Integer> statuses, Call call) throws Exception {
        return eventually(statuses, 120, call);
    }

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
