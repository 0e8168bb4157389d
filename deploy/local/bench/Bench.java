import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's benchmarks on the running stack, each measured side by side with its reference in the same run (the
 * machine is shared and noisy: the ratios hold where absolute figures drift):
 * <ul>
 * <li><b>read</b>: GET /api/members/me with a member's token through the gateway, against member-service's cheapest
 * public endpoint (GET /api/consent-purposes) called directly; and the gateway's overhead (the same endpoint through the
 * gateway and directly). Ceilings with wrk (closed model: the most a fixed number of connections gets answered), then
 * latency at half the ceiling with an open model (requests go out on schedule; latency counts from when a request was
 * due, so a stall is not hidden by the load slowing down with it);</li>
 * <li><b>write</b>: recording a contribution, as 40 members made for the run (a member's day holds at most 24 hours) through the gateway (validation, one transaction with the outbox row),
 * against pgbench on the same PostgreSQL running the equivalent transaction (the contribution row and the outbox row,
 * in tables shaped like initiative-service's, with the same indexes and the outbox's NOTIFY), at the same concurrency;</li>
 * <li><b>end to end</b>: a steward verifies contributions on schedule; each is done when benefit-service has credited
 * the ledger and reporting-service has counted it for the scorecard (both inboxes' processed_at); at 100/s for 60 s,
 * then in steps to the highest rate whose p99 stays under 1 s;</li>
 * <li><b>consent</b>: members withdraw partner-profile-sharing; a partner reading the pilot's participants sees a
 * pseudonym instead of the name (polled every 20 ms: the figures are at most that much late).</li>
 * </ul>
 * It prints one table of the targets and writes a report with every figure.
 *
 * Usage (compiled by the stack script with the other tools): java -cp 'classes:libs/*' Bench GATEWAY REALM
 * MEMBER_SERVICE_URL PG_HOST:PORT SECRETS_FILE WRK REPORT_FILE [read|write|e2e|consent]...
 * Environment: BENCH_SECONDS (60, the end-to-end run), BENCH_RATE (100, its rate), BENCH_STEP_SECONDS (20),
 * BENCH_CEILING_SECONDS (15, each wrk run), BENCH_CONNECTIONS (16, wrk's and pgbench's concurrency)
 */
public class Bench {

    static final int CEILING_SECONDS = env("BENCH_CEILING_SECONDS", 15);
    static final int CONNECTIONS = env("BENCH_CONNECTIONS", 16);
    static final int E2E_RATE = env("BENCH_RATE", 100);
    static final int E2E_SECONDS = env("BENCH_SECONDS", 60);
    static final int STEP_SECONDS = env("BENCH_STEP_SECONDS", 20);

    static String memberService;
    static String postgres;
    static Map<String, String> passwords;
    static String wrk;
    static final StringBuilder report = new StringBuilder();
    static final List<String[]> targets = new ArrayList<>();

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0); // the open-model client's event loop would keep the JVM alive
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        Community.at(args[0], args[1]);
        memberService = args[2];
        postgres = args[3];
        passwords = Community.databasePasswords(args[4]);
        wrk = args[5];
        Path reportFile = Path.of(args[6]);
        Set<String> parts = args.length > 7 ? new HashSet<>(List.of(args).subList(7, args.length)) : Set.of("read", "write", "e2e", "consent");
        report.append("# Commonground benchmarks, ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"))).append("\n\n").append(machine()).append("\n");

        Community.Pilot pilot = null;
        List<String> users = List.of();
        String adminPassword = Community.secrets(args[4]).get("KC_ADMIN_PASSWORD");
        if (parts.contains("write") || parts.contains("e2e") || parts.contains("consent")) {
            String prefix = "bench-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MMddHHmmss"));
            System.out.println("▸ the pilot the benchmarks work in: 40 members made for this run (" + prefix + "-1 .. -40) take part");
            users = Community.newUsers(prefix, 40, adminPassword);
            pilot = Community.pilot("Benchmark", users);
        }
        try {
            measure(parts, pilot);
        } finally {
            Community.removeUsers(users, adminPassword);
        }
        Files.createDirectories(reportFile.getParent());
        Files.writeString(reportFile, report.toString());
        System.out.println("report: " + reportFile);
    }

    static void measure(Set<String> parts, Community.Pilot pilot) throws Exception {
        if (parts.contains("read")) {
            read();
        }
        if (parts.contains("write")) {
            write(pilot);
        }
        if (parts.contains("e2e")) {
            endToEnd(pilot);
        }
        if (parts.contains("consent")) {
            consent(pilot);
        }

        StringBuilder table = new StringBuilder("\n| measure | result | reference (same run) | ratio | target | met |\n|---|---:|---:|---:|---|---|\n");
        for (String[] t : targets) {
            table.append("| ").append(String.join(" | ", t)).append(" |\n");
        }
        System.out.println(table);
        report.append("\n## Targets\n").append(table);
    }

    // ---- read

    static void read() throws Exception {
        System.out.println("▸ read: ceilings with wrk (" + CONNECTIONS + " connections, " + CEILING_SECONDS + " s each, two rounds, the better counts)");
        String token = Community.token("load-1");
        Community.expect(200, Community.call("load-1", "GET", "/api/members/me", ""));
        Map<String, String[]> targetsByName = new java.util.LinkedHashMap<>();
        targetsByName.put("public, direct", new String[] { memberService + "/api/consent-purposes", null });
        targetsByName.put("public, gateway", new String[] { Community.gateway + "/api/consent-purposes", null });
        targetsByName.put("members/me, gateway", new String[] { Community.gateway + "/api/members/me", token });
        targetsByName.put("members/me, direct", new String[] { memberService + "/api/members/me", token });
        Map<String, Wrk> best = new HashMap<>();
        for (var t : targetsByName.entrySet()) { // the JIT compilers of every JVM on the way work hardest at first: not measured
            wrk(t.getValue()[0], t.getValue()[1], null, 5);
        }
        for (int round = 0; round < 2; round++) {
            for (var t : targetsByName.entrySet()) {
                Wrk w = wrk(t.getValue()[0], t.getValue()[1], null, CEILING_SECONDS);
                System.out.printf("  %-22s %8.0f req/s  p50 %5.1f ms  p99 %6.1f ms  non-2xx %d%n", t.getKey(), w.perSecond(), w.p50(), w.p99(),
                        w.failed());
                best.merge(t.getKey(), w, (a, b) -> a.perSecond() >= b.perSecond() ? a : b);
            }
        }
        report.append("\n## Read\n\nCeilings (wrk, closed model, ").append(CONNECTIONS).append(" connections, ").append(CEILING_SECONDS)
                .append(" s, better of two rounds):\n\n| endpoint | req/s | p50 ms | p99 ms | non-2xx |\n|---|---:|---:|---:|---:|\n");
        for (var t : targetsByName.keySet()) {
            Wrk w = best.get(t);
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %d |%n", t, w.perSecond(), w.p50(), w.p99(), w.failed()));
        }
        double me = best.get("members/me, gateway").perSecond();
        double reference = best.get("public, direct").perSecond();
        double publicThrough = best.get("public, gateway").perSecond();
        double meDirect = best.get("members/me, direct").perSecond();

        System.out.println("▸ read: latency at half of each ceiling (open model, " + CEILING_SECONDS + " s)");
        Calls meCalls = i -> new Call("GET", Community.gateway + "/api/members/me", token, null);
        Calls referenceCalls = i -> new Call("GET", memberService + "/api/consent-purposes", null, null);
        // the load generator's own code is compiled by its JIT first: a cold client falls behind its schedule
        open("(warm-up, not counted)", (int) (me / 4), 5, meCalls);
        open("(warm-up, not counted)", (int) (me / 2), 5, meCalls);
        Open atHalf = open("members/me, gateway", (int) (me / 2), CEILING_SECONDS, meCalls);
        open("(warm-up, not counted)", (int) (reference / 2), 5, referenceCalls);
        Open referenceAtHalf = open("public, direct", (int) (reference / 2), CEILING_SECONDS, referenceCalls);
        report.append("\nLatency at half the ceiling (open model, from when each request was due):\n\n")
                .append("| endpoint | rate /s | sent | failed | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|\n")
                .append(atHalf.row()).append(referenceAtHalf.row());

        targets.add(row("read: GET /api/members/me through the gateway, req/s", fmt(me), fmt(reference) + " (public endpoint, direct)",
                pct(me / reference), ">= 40 %", me / reference >= 0.40));
        targets.add(row("read at 50 % of its ceiling: p50 / p99 ms", atHalf.p(50) + " / " + atHalf.p(99), referenceAtHalf.p(50) + " / "
                + referenceAtHalf.p(99), "", "(reported)", true));
        double overhead = 1 - publicThrough / reference;
        targets.add(row("gateway overhead, public endpoint (1 - through/direct)", fmt(publicThrough), fmt(reference), pct(overhead),
                "<= 35 %", overhead <= 0.35));
        double meOverhead = 1 - me / meDirect;
        targets.add(row("gateway overhead, GET /api/members/me with a token", fmt(me), fmt(meDirect), pct(meOverhead), "<= 35 %",
                meOverhead <= 0.35));
    }

    // ---- write

    static void write(Community.Pilot pilot) throws Exception {
        System.out.println("▸ write: recording contributions through the gateway (wrk, " + CONNECTIONS + " connections) against pgbench");
        // each request as the next of the pilot's members, with their own token: a day holds at most 24 hours per member
        StringBuilder tokens = new StringBuilder();
        for (String m : pilot.members()) {
            tokens.append("\"").append(Community.token(m)).append("\",");
        }
        Path script = Files.createTempFile("bench-write", ".lua");
        Files.writeString(script, """
                local tokens = {%s}
                local n = 0
                request = function()
                  n = n + 1
                  local body = '{"type":"CONTENT","description":"Benchmark ' .. n .. '","hours":0.01,"occurredOn":"%s"}'
                  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. tokens[(n %% #tokens) + 1],
                    ["Content-Type"] = "application/json"}, body)
                end
                """.formatted(tokens, LocalDate.now(ZoneOffset.UTC)));
        String url = Community.gateway + "/api/initiatives/" + pilot.initiative() + "/contributions";
        wrk(url, null, script, 20); // warm-up, not measured: a service that has not recorded yet runs its first seconds interpreted
        Path pgbench = pgbenchScript();
        try {
            pgbench(pgbench, 5);
            Wrk best = null;
            double bestTps = 0;
            String pgLatency = "";
            for (int round = 0; round < 2; round++) {
                Wrk w = wrk(url, null, script, CEILING_SECONDS);
                double[] pg = pgbench(pgbench, CEILING_SECONDS);
                System.out.printf("  recording: %6.0f req/s (p50 %.1f ms, p99 %.1f ms, non-2xx %d)   pgbench: %6.0f tps (mean %.1f ms)%n",
                        w.perSecond(), w.p50(), w.p99(), w.failed(), pg[0], pg[1]);
                if (best == null || w.perSecond() > best.perSecond()) {
                    best = w;
                }
                if (pg[0] > bestTps) {
                    bestTps = pg[0];
                    pgLatency = String.format(Locale.ROOT, "%.1f", pg[1]);
                }
            }
            report.append("\n## Write\n\nRecording a contribution through the gateway (wrk, ").append(CONNECTIONS).append(
                    " connections, better of two rounds) and pgbench's equivalent transaction (the contribution row and its outbox"
                            + " row; same concurrency, same PostgreSQL, over TCP as initiative-service connects):\n\n")
                    .append("| | per second | p50 ms | p99 ms | non-2xx |\n|---|---:|---:|---:|---:|\n")
                    .append(String.format(Locale.ROOT, "| POST /api/initiatives/{id}/contributions | %.0f | %.1f | %.1f | %d |%n",
                            best.perSecond(), best.p50(), best.p99(), best.failed()))
                    .append(String.format(Locale.ROOT, "| pgbench, insert + outbox row | %.0f | mean %s | | |%n", bestTps, pgLatency));
            targets.add(row("write: recording a contribution, req/s", fmt(best.perSecond()), fmt(bestTps) + " (pgbench)",
                    pct(best.perSecond() / bestTps), ">= 50 %", best.perSecond() / bestTps >= 0.5 && best.failed() == 0));
        } finally {
            try (Connection c = connect("initiatives"); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS bench_reference CASCADE");
            }
        }
    }

    /**
     * Tables shaped like initiative-service's contribution and outbox (same columns, defaults, checks and indexes; the
     * outbox's statement trigger NOTIFYs a channel no relay listens on), and the transaction that records one.
     */
    static Path pgbenchScript() throws Exception {
        try (Connection c = connect("initiatives"); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_reference CASCADE");
            s.execute("CREATE SCHEMA bench_reference");
            s.execute("CREATE TABLE bench_reference.contribution (LIKE public.contribution INCLUDING ALL)");
            s.execute("CREATE SEQUENCE bench_reference.outbox_seq");
            s.execute("CREATE TABLE bench_reference.outbox (LIKE public.outbox INCLUDING ALL)");
            s.execute("ALTER TABLE bench_reference.outbox ALTER COLUMN seq SET DEFAULT nextval('bench_reference.outbox_seq')");
            s.execute("CREATE FUNCTION bench_reference.notify() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_notify('bench_reference', ''); RETURN NULL; END $$");
            s.execute("CREATE TRIGGER notify AFTER INSERT ON bench_reference.outbox FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION bench_reference.notify()");
        }
        Path script = Files.createTempFile("bench-write", ".sql");
        // the payload is the size of a contribution.recorded.v1 event's
        Files.writeString(script, """
                BEGIN;
                INSERT INTO bench_reference.contribution (id, initiative_id, partnership_id, member_id, type, description, hours,
                  occurred_on, evidence, status, recorded_at, version)
                VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'CONTENT', 'Benchmark', 0.01,
                  current_date, '', 'RECORDED', clock_timestamp(), 0);
                INSERT INTO bench_reference.outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload)
                VALUES (gen_random_uuid(), 'contributions', gen_random_uuid()::text, 'contribution.recorded.v1',
                  '/commonground/initiative-service', gen_random_uuid()::text, clock_timestamp(),
                  'https://commonground.example/schemas/contribution.recorded.v1.json',
                  '{"contributionId":"' || gen_random_uuid() || '","memberId":"' || gen_random_uuid() || '","initiativeId":"'
                  || gen_random_uuid() || '","partnershipId":"' || gen_random_uuid() || '","type":"CONTENT","hours":0.01,'
                  || '"impact":null,"occurredOn":"' || current_date || '","recordedAt":"' || clock_timestamp() || '"}');
                COMMIT;
                """);
        return script;
    }

    /** Transactions per second and mean latency (ms) of pgbench running the script. */
    static double[] pgbench(Path script, int seconds) throws Exception {
        String[] hostPort = postgres.split(":");
        ProcessBuilder builder = new ProcessBuilder(System.getenv().getOrDefault("BENCH_PGBENCH", "pgbench"), "-n", "-c", String.valueOf(CONNECTIONS), "-j", "2", "-T",
                String.valueOf(seconds), "-f", script.toString(), "-h", hostPort[0], "-p", hostPort[1], "-U", "initiatives", "initiatives")
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", passwords.get("initiatives"));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + output);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(output);
        if (!tps.find() || !latency.find()) {
            throw new IllegalStateException("no tps in pgbench's output: " + output);
        }
        return new double[] { Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1)) };
    }

    // ---- end to end

    record Step(int rate, int seconds, int sent, int failed, long[] httpMillis, long[] doneMillis, int missing) {
        boolean sustained() {
            return Latencies.percentile(doneMillis, 99) < 1000 && Latencies.percentile(httpMillis, 99) < 1000 && failed <= sent / 100
                    && missing == 0;
        }

        String row() {
            return String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", rate, seconds, sent, failed,
                    Latencies.percentile(httpMillis, 50), Latencies.percentile(httpMillis, 99), Latencies.percentile(doneMillis, 50),
                    Latencies.percentile(doneMillis, 99), Latencies.percentile(doneMillis, 100), missing);
        }
    }

    static void endToEnd(Community.Pilot pilot) throws Exception {
        System.out.printf("▸ end to end: a steward verifies %d contributions/s for %d s; done when credited and counted%n", E2E_RATE,
                E2E_SECONDS);
        // warm-up, not measured: on a freshly started stack the first minute at this rate had a p99 ten times the next one's
        verifications(pilot, E2E_RATE, 20);
        Step main = verifications(pilot, E2E_RATE, E2E_SECONDS);
        System.out.println("  " + main.row().trim());
        List<Step> steps = new ArrayList<>();
        System.out.printf("▸ end to end: the highest rate with p99 under 1 s (steps of %d s)%n", STEP_SECONDS);
        for (int rate : new int[] { 100, 150, 200, 300, 400, 600, 800 }) {
            Step step = verifications(pilot, rate, STEP_SECONDS);
            steps.add(step);
            System.out.println("  " + step.row().trim());
            if (!step.sustained()) {
                break;
            }
        }
        int highest = steps.stream().filter(Step::sustained).mapToInt(Step::rate).max().orElse(0);
        String header = "| rate /s | s | verified | failed | HTTP p50 ms | HTTP p99 ms | done p50 ms | done p99 ms | done max ms | never done |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
        report.append("\n## End to end\n\nA steward verifies recorded contributions on schedule (open model); a verification is"
                + " done when benefit-service has credited the ledger and reporting-service has counted it (the later of the two"
                + " inboxes' processed_at), measured from when the request was due.\n\n").append(header).append(main.row())
                .append("\nSteps to the highest rate with p99 under 1 s (and the API answering within 1 s at p99, under 1 % failed):\n\n")
                .append(header);
        steps.forEach(s -> report.append(s.row()));
        long[] done = main.doneMillis();
        targets.add(row("end to end at " + E2E_RATE + "/s: p50 / p99 / max ms", Latencies.percentile(done, 50) + " / "
                + Latencies.percentile(done, 99) + " / " + Latencies.percentile(done, 100), "", "", "p99 < 300 ms",
                Latencies.percentile(done, 99) < 300 && main.missing() == 0));
        targets.add(row("end to end: highest rate with p99 < 1 s", highest + "/s" + (highest == 800 ? " or more" : ""), "", "",
                "(reported)", true));
    }

    /** Records rate x seconds contributions first (and lets the events settle), then verifies them on schedule. */
    static Step verifications(Community.Pilot pilot, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        List<String> recorded = record(pilot, total);
        settle(recorded);
        ConcurrentLinkedQueue<Long> httpMillis = new ConcurrentLinkedQueue<>();
        Map<String, Long> dueAt = new ConcurrentHashMap<>(); // epoch millis when each verification was due
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        String token = Community.token("sam");
        long t0 = System.nanoTime();
        long epoch0 = System.currentTimeMillis();
        for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i * (1_000_000_000.0 / rate));
            parkUntil(due);
            String contribution = recorded.get(i);
            dueAt.put(contribution, epoch0 + (due - t0) / 1_000_000);
            send(new Call("POST", Community.gateway + "/api/contributions/" + contribution + "/verify", token, "{\"impact\":\"LOW\"}"))
                    .thenAccept(status -> {
                httpMillis.add((System.nanoTime() - due) / 1_000_000);
                if (status != 200) {
                    failed.incrementAndGet();
                    dueAt.remove(contribution);
                }
                done.countDown();
            });
        }
        done.await();
        Map<String, Long> doneAt = doneAt(dueAt.keySet(), Duration.ofSeconds(60));
        List<Long> doneMillis = new ArrayList<>();
        for (var e : doneAt.entrySet()) {
            doneMillis.add(e.getValue() - dueAt.get(e.getKey()));
        }
        return new Step(rate, seconds, total, failed.get(), Latencies.sorted(httpMillis), Latencies.sorted(doneMillis), dueAt.size() - doneAt.size());
    }

    /**
     * Records contributions as the pilot's members, 16 at a time; answers their ids. A recording that fails (a timeout on
     * a busy machine) is made again, up to three rounds; the statuses of failures are named if it still falls short.
     */
    static List<String> record(Community.Pilot pilot, int count) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (int round = 0; round < 3 && ids.size() < count; round++) {
            int missing = count - ids.size();
            Semaphore inFlight = new Semaphore(16);
            CountDownLatch done = new CountDownLatch(missing);
            for (int i = 0; i < missing; i++) {
                inFlight.acquire();
                String member = pilot.members().get(i % pilot.members().size());
                HttpRequest request = Community.request(member, "POST", "/api/initiatives/" + pilot.initiative() + "/contributions",
                        "{\"type\":\"CONTENT\",\"description\":\"End to end " + i + "\",\"hours\":0.01,\"occurredOn\":\"" + today + "\"}");
                Community.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    Matcher m = error == null && response.statusCode() == 201 ? Community.ID.matcher(response.body()) : null;
                    if (m != null && m.find()) {
                        ids.add(m.group(1));
                    } else {
                        failures.computeIfAbsent(error == null ? response.statusCode() : 0, s -> new AtomicInteger()).incrementAndGet();
                    }
                    inFlight.release();
                    done.countDown();
                });
            }
            done.await();
        }
        if (ids.size() < count) {
            throw new IllegalStateException("only " + ids.size() + " of " + count + " contributions could be recorded; failures by status"
                    + " (0: no answer): " + failures);
        }
        return new ArrayList<>(ids.subList(0, count));
    }

    /** Waits until reporting-service has counted every recorded contribution, so the verifications run on a drained pipeline. */
    static void settle(List<String> contributions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Connection reporting = connect("reporting");
                PreparedStatement s = reporting.prepareStatement("SELECT count(*) FROM contribution_fact WHERE id = ANY (?::uuid[])")) {
            s.setArray(1, reporting.createArrayOf("text", contributions.toArray()));
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= contributions.size()) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("reporting-service did not count the recorded contributions within 120 s");
    }

    /**
     * When each verification was done: the later of benefit-service's and reporting-service's inbox rows for its
     * contribution.verified.v1 event (epoch millis), waiting up to the patience for the last ones.
     */
    static Map<String, Long> doneAt(Set<String> contributions, Duration patience) throws Exception {
        Map<String, Long> done = new HashMap<>();
        long deadline = System.nanoTime() + patience.toNanos();
        try (Connection initiatives = connect("initiatives"); Connection benefits = connect("benefits");
                Connection reporting = connect("reporting")) {
            // an accepted verification committed its event with it: the events are looked up once
            Map<String, String> waiting = new HashMap<>(); // event id -> contribution, until done
            try (PreparedStatement s = initiatives.prepareStatement("SELECT id::text, subject FROM outbox"
                    + " WHERE type = 'contribution.verified.v1' AND subject = ANY (?)")) {
                s.setArray(1, initiatives.createArrayOf("text", contributions.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        waiting.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                Map<String, Long> credited = processedAt(benefits, waiting.keySet());
                Map<String, Long> counted = processedAt(reporting, credited.keySet());
                for (var e : counted.entrySet()) {
                    done.put(waiting.remove(e.getKey()), Math.max(e.getValue(), credited.get(e.getKey())));
                }
                if (!waiting.isEmpty()) {
                    Thread.sleep(500);
                }
            }
        }
        return done;
    }

    static Map<String, Long> processedAt(Connection db, Collection<String> events) throws Exception {
        Map<String, Long> at = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT event_id, (extract(epoch FROM max(processed_at)) * 1000)::bigint"
                + " FROM processed_event WHERE event_id = ANY (?) GROUP BY event_id")) {
            s.setArray(1, db.createArrayOf("text", events.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    at.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return at;
    }

    // ---- consent

    static void consent(Community.Pilot pilot) throws Exception {
        int rounds = env("BENCH_CONSENT_ROUNDS", 20);
        List<String> members = pilot.members().subList(0, Math.min(10, pilot.members().size()));
        System.out.printf("▸ consent: %d rounds of %d members withdrawing partner-profile-sharing while the partner reads%n", rounds,
                members.size());
        Map<String, String> idOf = new HashMap<>();
        for (String m : members) {
            idOf.put(m, idField(Community.expect(200, Community.call(m, "GET", "/api/members/me", "")).body()));
        }
        String participants = "/api/partner/initiatives/" + pilot.initiative() + "/participants?limit=100";
        List<Long> millis = new ArrayList<>();
        int late = 0;
        for (int round = 0; round < rounds; round++) {
            for (String m : members) {
                Community.expect(200, Community.call(m, "PUT", "/api/members/me/consents/partner-profile-sharing?scope="
                        + pilot.partnership(), "{\"granted\":true}"));
            }
            long grantDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!named(participants).containsAll(idOf.values())) {
                if (System.nanoTime() > grantDeadline) {
                    throw new IllegalStateException("the partner did not see the members' grants within 30 s");
                }
                Thread.sleep(20);
            }
            Map<String, Long> withdrawnAt = new HashMap<>();
            for (String m : members) {
                long at = System.nanoTime();
                Community.expect(200, Community.call(m, "PUT", "/api/members/me/consents/partner-profile-sharing?scope="
                        + pilot.partnership(), "{\"granted\":false}"));
                withdrawnAt.put(idOf.get(m), at);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!withdrawnAt.isEmpty() && System.nanoTime() < deadline) {
                Set<String> stillNamed = named(participants);
                long now = System.nanoTime();
                for (var it = withdrawnAt.entrySet().iterator(); it.hasNext();) {
                    var e = it.next();
                    if (!stillNamed.contains(e.getKey())) {
                        millis.add((now - e.getValue()) / 1_000_000);
                        it.remove();
                    }
                }
                Thread.sleep(20);
            }
            late += withdrawnAt.size();
        }
        long[] sorted = Latencies.sorted(millis);
        System.out.printf("  withdrawals %d, seen by the partner: p50 %d ms, p99 %d ms, max %d ms, not within 10 s %d%n", sorted.length,
                Latencies.percentile(sorted, 50), Latencies.percentile(sorted, 99), Latencies.percentile(sorted, 100), late);
        report.append("\n## Consent\n\nA member withdraws partner-profile-sharing for the partnership; the partner reading the pilot's"
                + " participants (every 20 ms) sees a pseudonym instead of the name. From the withdrawal's request to the first read"
                + " without the name:\n\n| withdrawals | p50 ms | p99 ms | max ms | not within 10 s |\n|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d |%n", sorted.length, Latencies.percentile(sorted, 50),
                        Latencies.percentile(sorted, 99), Latencies.percentile(sorted, 100), late));
        targets.add(row("consent withdrawal seen by the partner: p99 ms", String.valueOf(Latencies.percentile(sorted, 99)), "", "", "< 1000 ms",
                Latencies.percentile(sorted, 99) < 1000 && late == 0));
    }

    /** The member ids the partner sees named among the pilot's participants. */
    static Set<String> named(String participants) throws Exception {
        HttpResponse<String> r = Community.expect(200, Community.call(Community.PARTNER, "GET", participants, ""));
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile("\"participant\":\"([0-9a-f-]{36})\"").matcher(r.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    static String idField(String body) {
        Matcher m = Community.ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    // ---- load tools

    record Wrk(double perSecond, double p50, double p99, long failed) {
    }

    /** A wrk run: 2 threads, the configured connections, with --latency; a token or a Lua script for the requests. */
    static Wrk wrk(String url, String token, Path script, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(wrk, "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--timeout", "10s", "--latency"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        if (!rate.find()) {
            throw new IllegalStateException("no rate in wrk's output: " + output);
        }
        Matcher failed = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        long bad = failed.find() ? Long.parseLong(failed.group(1)) : 0;
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                bad += Long.parseLong(errors.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rate.group(1)), millis(output, "50%"), millis(output, "99%"), bad);
    }

    /** A latency percentile from wrk's --latency distribution, in milliseconds. */
    static double millis(String output, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(output);
        if (!m.find()) {
            return -1;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** One request of an open-model run: method, address, bearer token (or null), body (or null). */
    record Call(String method, String url, String token, String body) {
    }

    interface Calls {
        Call next(int i);
    }

    /** An open-model run's outcome; latencies in microseconds, shown in milliseconds. */
    record Open(String name, int rate, int sent, int failed, long[] micros) {
        String p(int percentile) {
            return String.format(Locale.ROOT, "%.1f", Latencies.percentile(micros, percentile) / 1000.0);
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s |%n", name, rate, sent, failed, p(50), p(99), p(100));
        }
    }

    /**
     * The open-model client: Vert.x's, on one event loop, with up to 256 keep-alive connections per server (a request
     * due while all are busy waits in its queue, and the wait counts in its latency).
     */
    static final io.vertx.core.Vertx VERTX = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1)
            .setWorkerPoolSize(1));
    static final io.vertx.core.http.HttpClient CLIENT = VERTX.createHttpClient(new io.vertx.core.http.HttpClientOptions()
            .setKeepAlive(true).setConnectTimeout(5000).setIdleTimeout(30), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256)
            .setMaxWaitQueueSize(-1));

    /** Sends a call; completes with its status (0 when it got no answer within 30 s). */
    static java.util.concurrent.CompletableFuture<Integer> send(Call call) {
        URI uri = URI.create(call.url());
        io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions().setMethod(
                io.vertx.core.http.HttpMethod.valueOf(call.method())).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).setTimeout(30_000);
        if (call.token() != null) {
            options.putHeader("Authorization", "Bearer " + call.token());
        }
        if (call.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
        CLIENT.request(options).compose(request -> call.body() == null ? request.send() : request.send(call.body()))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(result -> status.complete(result.succeeded() ? result.result() : 0));
        return status;
    }

    /** An open-model run: a request due every 1/rate s, sent then whether or not earlier ones were answered. */
    static Open open(String name, int rate, int seconds, Calls calls) throws Exception {
        int total = Math.max(1, rate * seconds);
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = t0 + (long) (i * (1_000_000_000.0 / rate));
            parkUntil(due);
            send(calls.next(i)).thenAccept(status -> {
                micros.add((System.nanoTime() - due) / 1_000);
                if (status / 100 != 2) {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await();
        Open run = new Open(name, rate, total, failed.get(), Latencies.sorted(micros));
        System.out.print("  " + run.row());
        return run;
    }

    static void parkUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    // ---- figures

    static String[] row(String measure, String result, String reference, String ratio, String target, boolean met) {
        return new String[] { measure, result, reference, ratio, target, met ? "yes" : "**no**" };
    }

    static String fmt(double perSecond) {
        return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static Connection connect(String db) throws Exception {
        return Community.database(postgres, passwords, db);
    }

    static int env(String name, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(name, String.valueOf(fallback)));
    }

    static String machine() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format(Locale.ROOT, "Machine: %d cores (%s), %.0f GiB; Java %s; everything on it: PostgreSQL, Kafka, Keycloak, four"
                + " services, the gateway and the load generators.%n", Runtime.getRuntime().availableProcessors(), cpu,
                memKb / 1024.0 / 1024.0, System.getProperty("java.version"));
    }
}
