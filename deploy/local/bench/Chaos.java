import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * Usage (compiled by the stack script with the other tools): java -cp 'classes:libs/*' Chaos GATEWAY REALM STACK_SCRIPT
 * PG_HOST:PORT SECRETS_FILE VERIFY_CLASS FAULT...
 * FAULT: restart:NAME (stop, 5 s, start), kill:NAME (SIGKILL, then start), pause:NAME (SIGSTOP 15 s, then SIGCONT),
 * replica:NAME (a second replica NAME-2 joins the consumer groups before the load; NAME is SIGKILLed and stays down until
 * the system has caught up, so the replica alone takes over its partitions and the outbox relay; then NAME comes back and
 * the replica stops. Meanwhile both replicas' outbox leader gauges are sampled: never two leaders at once.)
 * Environment: CHAOS_RATE (requests per second, 12), CHAOS_SECONDS (load per fault, 40), CHAOS_FAULT_AT (10)
 */
public class Chaos {

    static String gateway;
    static String stack;
    static String postgres;
    static Map<String, String> passwords;

    record Row(String fault, int sent, int accepted, int verified, long events, long lost, long duplicated, String recovered,
            boolean invariants, int mostLeaders, String leadersSeen) {
    }

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        Community.at(args[0], args[1]);
        stack = args[2];
        postgres = args[3];
        passwords = Community.databasePasswords(args[4]);
        String verify = args[5];
        int rate = Integer.parseInt(System.getenv().getOrDefault("CHAOS_RATE", "12"));
        int seconds = Integer.parseInt(System.getenv().getOrDefault("CHAOS_SECONDS", "40"));
        int faultAt = Integer.parseInt(System.getenv().getOrDefault("CHAOS_FAULT_AT", "10"));

        Community.Pilot pilot = Community.pilot("Chaos", Community.loadUsers(5));
        String partnership = pilot.partnership();
        initiative = pilot.initiative();
        members = pilot.members();
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
            ok &= r.lost() == 0 && r.duplicated() == 0 && r.invariants() && r.mostLeaders() <= 1;
        }
        for (Row r : rows) {
            if (r.mostLeaders() >= 0) {
                System.out.printf("%s: outbox relays leading at once, at most %d (sampled every 100 ms); led in turn by %s%n", r.fault(),
                        r.mostLeaders(), r.leadersSeen());
            }
        }
        System.out.println(ok ? "no event lost, none applied twice, every invariant holds" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    static String initiative;
    static List<String> members;

    // ---- one fault under load

    static Row run(String fault, String partnership, int rate, int seconds, int faultAt, String verify) throws Exception {
        System.out.println("▸ " + fault);
        String[] parts = fault.split(":");
        Leaders leaders = null;
        if (parts[0].equals("replica")) {
            stack("start", parts[1] + "-2");
            leaders = new Leaders(List.of(parts[1], parts[1] + "-2"));
            leaders.start();
        }
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
                        r = Community.call(member, "POST", "/api/initiatives/" + initiative + "/contributions", "{\"type\":\"CONTENT\","
                                + "\"description\":\"Chaos " + n + "\",\"hours\":0.01,\"occurredOn\":\"" + LocalDate.now(ZoneOffset.UTC) + "\"}");
                        if (r.statusCode() == 201) {
                            recorded.add(Community.id(r));
                        }
                    } else if (n % 6 == 5) {
                        String member = members.get(n % members.size());
                        r = Community.call(member, "PUT", "/api/members/me/consents/public-recognition", "{\"granted\":" + (n % 4 == 1) + "}");
                    } else {
                        String contribution = recorded.poll();
                        if (contribution == null) {
                            return;
                        }
                        r = Community.call("sam", "POST", "/api/contributions/" + contribution + "/verify", "{\"impact\":\"LOW\"}");
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
        int mostLeaders = -1;
        String leadersSeen = "";
        if (leaders != null) { // the killed replica comes back for verify's calls through the gateway; the second one goes
            stack("start", parts[1]);
            Thread.sleep(3000); // a few more samples with both replicas up again
            mostLeaders = leaders.finish();
            leadersSeen = String.join(", then ", leaders.turns);
        }
        Duration recovery = recoveredAt[0] == null ? null : Duration.between(lifted, recoveredAt[0]);
        long duplicated = duplicated(partnership);
        long events = events(verified);
        boolean invariants = verify(verify, partnership);
        if (leaders != null) {
            stack("stop", parts[1] + "-2");
        }
        return new Row(fault, sent.get(), accepted.get(), verified.size(), events, verified.size() - credited, duplicated,
                recovery == null ? "never" : String.format("%.1f s", Math.max(0, recovery.toMillis()) / 1000.0), invariants,
                mostLeaders, leadersSeen);
    }

    /** Samples the outbox leader gauge of each replica (a replica that does not answer leads nothing). */
    static final class Leaders extends Thread {
        final List<String> replicas;
        final List<Integer> ports = new ArrayList<>();
        final List<String> turns = new java.util.concurrent.CopyOnWriteArrayList<>(); // who led, in order
        volatile boolean running = true;
        volatile int most;

        Leaders(List<String> replicas) throws Exception {
            this.replicas = replicas;
            for (String replica : replicas) {
                ports.add(port(replica));
            }
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                int leading = 0;
                for (int i = 0; i < ports.size(); i++) {
                    if (leads(ports.get(i))) {
                        leading++;
                        if (turns.isEmpty() || !turns.get(turns.size() - 1).equals(replicas.get(i))) {
                            turns.add(replicas.get(i));
                        }
                    }
                }
                most = Math.max(most, leading);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int finish() throws InterruptedException {
            running = false;
            join(5000);
            return most;
        }

        static boolean leads(int port) {
            try {
                HttpResponse<String> r = Community.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                return r.body().lines().anyMatch(l -> l.startsWith("commonground_outbox_leader") && l.trim().endsWith(" 1.0"));
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** A process's port, from the stack script (`stack port NAME`). */
    static int port(String process) throws Exception {
        Process p = new ProcessBuilder(stack, "port", process).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("no port for " + process);
        }
        return Integer.parseInt(output);
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
            case "replica" -> stack("kill", process); // its replica takes over; it comes back after the catch-up
            case "pause" -> {
                stack("pause", process);
                Thread.sleep(15000);
                stack("resume", process);
            }
            default -> throw new IllegalArgumentException("unknown fault " + kind + " (restart, kill, pause, replica)");
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
        return Community.database(postgres, passwords, db);
    }

}
