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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outbox-to-consumer latency of consent events on the running stack, under an open-model load: consent changes
 * are sent through the gateway on a fixed schedule (never waiting for the previous answer, so a slow system
 * cannot hide its latency by slowing the load), and for each event the time from its creation in
 * member-service's transaction (the event time) to its application by reporting-service (processed_event) is
 * read from reporting's database.
 *
 * Usage (compiled by the stack script with the other tools): java -cp 'classes:libs/*' EventLatency GATEWAY REALM JDBC_URL DB_USER DB_PASSWORD RATE SECONDS [steps]
 */
public class EventLatency {

    // members of the demo realm that exist for load (load-1 .. load-5), so the demo community stays as it was
    static final String[] USERS = {"load-1", "load-2", "load-3", "load-4", "load-5"};
    static final String[] PURPOSES = {"partner-profile-sharing", "partner-contact", "impact-stories"};
    static final int SCOPES = 20;

    record Phase(int rate, int seconds, int sent, int ok, int failed, long[] httpMillis, long[] eventMillis, int missing) {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0], realm = args[1], jdbc = args[2], user = args[3], password = args[4];
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        boolean steps = args.length > 7 && args[7].equals("steps");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Phase> phases = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbc, user, password)) {
            warmUp(http, gateway, realm);
            // the JIT compilers of every JVM in the stack work hardest in the first seconds: not measured
            System.err.printf("  warming up: %d/s for 45 s (not measured)%n", rate);
            run(http, db, gateway, realm, rate, 45);
            if (!steps) {
                phases.add(run(http, db, gateway, realm, rate, seconds));
            } else {
                for (int r = rate; r <= 3000; r += rate) {
                    Phase phase = run(http, db, gateway, realm, r, seconds);
                    phases.add(phase);
                    System.err.printf("  %d/s: event p99 %d ms, HTTP p99 %d ms%n", r, Latencies.percentile(phase.eventMillis(), 99),
                            Latencies.percentile(phase.httpMillis(), 99));
                    if (!sustained(phase)) {
                        break;
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| target rate /s | duration s | sent | 2xx | failed | HTTP p50 ms | HTTP p99 ms | event p50 ms | event p99 ms | event max ms | events not applied |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase p : phases) {
            System.out.printf("| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", p.rate(), p.seconds(), p.sent(), p.ok(),
                    p.failed(), Latencies.percentile(p.httpMillis(), 50), Latencies.percentile(p.httpMillis(), 99), Latencies.percentile(p.eventMillis(), 50),
                    Latencies.percentile(p.eventMillis(), 99), Latencies.percentile(p.eventMillis(), 100), p.missing());
        }
        if (steps) {
            int sustained = phases.stream().filter(EventLatency::sustained).mapToInt(Phase::rate).max().orElse(0);
            System.out.println();
            System.out.println("maximum sustained rate (event p99 <= 1 s, and the API keeping up: HTTP p99 <= 1 s, < 1 % failed,"
                    + " every event applied): " + sustained + " consent changes/s");
        }
    }

    /** A rate is sustained when events arrive within a second and the API absorbs the load without queueing. */
    static boolean sustained(Phase p) {
        return Latencies.percentile(p.eventMillis(), 99) <= 1000 && Latencies.percentile(p.httpMillis(), 99) <= 1000
                && p.failed() <= p.sent() / 100 && p.missing() == 0;
    }

    static String[] tokens(HttpClient http, String realm) throws Exception {
        String[] tokens = new String[USERS.length];
        Pattern access = Pattern.compile("\"access_token\":\"([^\"]+)\"");
        for (int i = 0; i < USERS.length; i++) {
            String form = "grant_type=password&client_id=web&username=" + USERS[i] + "&password=" + USERS[i];
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = access.matcher(response.body());
            if (!m.find()) {
                throw new IllegalStateException("no token for " + USERS[i] + ": " + response.body());
            }
            tokens[i] = m.group(1);
        }
        return tokens;
    }

    /** Makes sure the demo users have joined (201 the first time, 409 after). */
    static void warmUp(HttpClient http, String gateway, String realm) throws Exception {
        String[] tokens = tokens(http, realm);
        for (int i = 0; i < USERS.length; i++) {
            http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/members")).header("Authorization", "Bearer " + tokens[i])
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"" + USERS[i] + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    static Phase run(HttpClient http, Connection db, String gateway, String realm, int rate, int seconds) throws Exception {
        String[] tokens = tokens(http, realm);
        // fresh scopes each phase: every request is a real change (not granted -> granted -> not granted ...)
        String[] scopes = new String[SCOPES];
        for (int i = 0; i < SCOPES; i++) {
            scopes[i] = UUID.randomUUID().toString();
        }
        int combos = USERS.length * PURPOSES.length * SCOPES;
        boolean[] granted = new boolean[combos];
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> httpMillis = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i * (1_000_000_000.0 / rate));
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int combo = i % combos;
            int u = combo % USERS.length;
            int p = (combo / USERS.length) % PURPOSES.length;
            int s = combo / (USERS.length * PURPOSES.length);
            granted[combo] = !granted[combo];
            String url = gateway + "/api/members/me/consents/" + PURPOSES[p] + "?scope=" + URLEncoder.encode(scopes[s], StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens[u]).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"granted\":" + granted[combo] + "}")).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                // measured from when the request was due, not when it was sent (no coordinated omission)
                httpMillis.add((System.nanoTime() - due) / 1_000_000);
                if (error == null && response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await();
        // wait until reporting has applied every event of this phase (or 60 s)
        long applied = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            applied = count(db, started);
            if (applied >= ok.get()) {
                break;
            }
            Thread.sleep(200);
        }
        long[] events = eventLatencies(db, started);
        return new Phase(rate, seconds, total, ok.get(), failed.get(), Latencies.sorted(httpMillis), events,
                (int) Math.max(0, ok.get() - applied));
    }

    static long count(Connection db, Instant since) throws Exception {
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM processed_event WHERE source = '/commonground/member-service'"
                + " AND type LIKE 'consent.%' AND event_time >= ?")) {
            s.setObject(1, java.sql.Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long[] eventLatencies(Connection db, Instant since) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT (extract(epoch FROM processed_at - event_time) * 1000)::bigint"
                + " FROM processed_event WHERE source = '/commonground/member-service' AND type LIKE 'consent.%' AND event_time >= ?")) {
            s.setObject(1, java.sql.Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    millis.add(rs.getLong(1));
                }
            }
        }
        return Latencies.sorted(millis);
    }
}
