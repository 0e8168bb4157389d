import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The invariants of a running stack, checked against the sources: what each service derived must agree with what it was
 * told. Each check prints its counts and OK or MISMATCH with the first few offenders; the exit status is 1 on any
 * mismatch. Derived state follows its sources through Kafka, so a check that disagrees is checked again until it
 * agrees or the patience (seconds) runs out: only a disagreement that lasts is a mismatch.
 *
 * Usage (compiled by the stack script with the other tools): java -cp 'classes:libs/*' Verify GATEWAY KAFKA PG_HOST:PORT PASSWORDS_FILE PATIENCE_SECONDS
 * (PASSWORDS_FILE: the stack's secrets.env, with DB_PASSWORD_members, _initiatives, _benefits, _reporting)
 *
 * VERIFY_PARTNERSHIP=id checks one partnership's books only (a fault drill on a stack that tests have filled with
 * synthetic events); VERIFY_BASELINE=file tolerates the dead letters and dead outbox rows there were when the file was
 * written (the first run writes it): a drill asks that it made none.
 */
public class Verify {

    record Result(String name, boolean ok, String counts, List<String> offenders) {
    }

    interface Check {
        Result run() throws Exception;
    }

    static String gateway;
    static String kafka;
    static String postgres;
    static Map<String, String> passwords;
    /** one partnership's books, or every partnership's (null) */
    static String scope = System.getenv("VERIFY_PARTNERSHIP");
    static Map<String, Long> baseline = new HashMap<>();

    /** The SQL condition that keeps the rows of the partnership in scope (its column named), or every row. */
    static String in(String column) {
        if (scope == null) {
            return "TRUE";
        }
        if (!scope.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("VERIFY_PARTNERSHIP must be a partnership id");
        }
        return column + " = '" + scope + "'";
    }

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        kafka = args[1];
        postgres = args[2];
        passwords = Community.databasePasswords(args[3]);
        Duration patience = Duration.ofSeconds(Long.parseLong(args[4]));
        java.nio.file.Path baselineFile = System.getenv("VERIFY_BASELINE") == null ? null : java.nio.file.Path.of(System.getenv("VERIFY_BASELINE"));
        if (baselineFile != null && !java.nio.file.Files.exists(baselineFile)) {
            java.nio.file.Files.writeString(baselineFile, "dead-letters=" + deadLetterCount() + "\ndead-outbox=" + deadOutboxCount() + "\n");
        }
        if (baselineFile != null) {
            for (String line : java.nio.file.Files.readAllLines(baselineFile)) {
                baseline.put(line.substring(0, line.indexOf('=')), Long.parseLong(line.substring(line.indexOf('=') + 1)));
            }
        }

        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("every verified contribution reached benefit-service once", Verify::contributionsReachedBenefits);
        checks.put("every credited contribution has exactly one ledger credit (and one reversal if revoked)", Verify::ledgerCredits);
        checks.put("every ledger movement nets to zero", Verify::movementsBalance);
        checks.put("every partnership's ledger hash chain verifies", Verify::chainsVerify);
        checks.put("every published allocation shares exactly its pool", Verify::allocationsSumToPools);
        checks.put("every published allocation is paid or held in the ledger, exactly", Verify::allocationsInLedger);
        checks.put("reporting's verified contributions and hours equal initiative-service's", Verify::reportingContributions);
        checks.put("reporting's allocations equal benefit-service's", Verify::reportingAllocations);
        checks.put("no outbox row is stuck or dead", Verify::outboxes);
        checks.put("no event is in a dead-letter topic", Verify::deadLetters);

        int failed = 0;
        System.out.printf("%-100s %s%n", "CHECK", "RESULT");
        for (Map.Entry<String, Check> check : checks.entrySet()) {
            Result result = patiently(check.getValue(), patience);
            System.out.printf("%-100s %s  %s%n", check.getKey(), result.ok() ? "OK      " : "MISMATCH", result.counts());
            for (String offender : result.offenders().stream().limit(5).toList()) {
                System.out.println("    " + offender);
            }
            failed += result.ok() ? 0 : 1;
        }
        System.out.println(failed == 0 ? "all " + checks.size() + " checks passed" : failed + " of " + checks.size() + " checks failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    static Result patiently(Check check, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Result result = check.run();
        while (!result.ok() && System.nanoTime() < deadline) {
            Thread.sleep(1000); // a command-line tool waiting for the stack to catch up, not a test
            result = check.run();
        }
        return result;
    }

    // ---- the checks

    /**
     * The partnerships `bench allocations` made: it puts thousands of verified contributions straight onto Kafka (as
     * initiative-service would), so initiative-service never held them; the source checks leave them out and say so.
     */
    static String benchmarks() throws SQLException {
        Set<String> ids = strings("initiatives", "SELECT id FROM partnership WHERE name LIKE 'Benchmark %'");
        return ids.isEmpty() ? "'00000000-0000-0000-0000-000000000000'" : "'" + String.join("','", ids) + "'";
    }

    static Result contributionsReachedBenefits() throws SQLException {
        String bench = benchmarks();
        Set<String> verified = strings("initiatives", "SELECT id FROM contribution WHERE status IN ('VERIFIED', 'REVOKED') AND "
                + in("partnership_id"));
        Set<String> credited = strings("benefits", "SELECT contribution_id FROM credited_contribution WHERE verified_at IS NOT NULL"
                + " AND partnership_id NOT IN (" + bench + ") AND " + in("partnership_id"));
        Set<String> revokedHere = strings("initiatives", "SELECT id FROM contribution WHERE status = 'REVOKED' AND " + in("partnership_id"));
        Set<String> revokedThere = strings("benefits", "SELECT contribution_id FROM credited_contribution WHERE revoked_at IS NOT NULL"
                + " AND partnership_id NOT IN (" + bench + ") AND " + in("partnership_id"));
        List<String> offenders = new ArrayList<>();
        difference(verified, credited).forEach(id -> offenders.add("verified but unknown to benefit-service: " + id));
        difference(credited, verified).forEach(id -> offenders.add("credited but not verified in initiative-service: " + id));
        difference(revokedHere, revokedThere).forEach(id -> offenders.add("revoked but still counted by benefit-service: " + id));
        difference(revokedThere, revokedHere).forEach(id -> offenders.add("revoked in benefit-service only: " + id));
        long benchmark = number("benefits", "SELECT count(*) FROM credited_contribution WHERE partnership_id IN (" + bench + ")");
        return new Result("", offenders.isEmpty(), verified.size() + " verified or revoked, " + credited.size() + " known to benefit-service, "
                + revokedHere.size() + " revoked" + (benchmark > 0 ? " (" + benchmark + " of the allocations benchmark left out)" : ""),
                offenders);
    }

    static Result ledgerCredits() throws SQLException {
        List<String> offenders = new ArrayList<>();
        int[] counts = new int[3];
        query("benefits", """
                SELECT c.contribution_id, c.points IS NOT NULL, c.revoked_at IS NOT NULL,
                       (SELECT count(DISTINCT movement_id) FROM ledger_entry e WHERE e.contribution_id = c.contribution_id
                          AND e.kind = 'CONTRIBUTION_CREDITED'),
                       (SELECT count(DISTINCT movement_id) FROM ledger_entry e WHERE e.contribution_id = c.contribution_id
                          AND e.kind = 'CONTRIBUTION_REVERSED')
                FROM credited_contribution c WHERE c.verified_at IS NOT NULL AND """ + " " + in("c.partnership_id"), rs -> {
            boolean priced = rs.getBoolean(2);
            boolean revoked = rs.getBoolean(3);
            long credits = rs.getLong(4);
            long reversals = rs.getLong(5);
            counts[priced ? 0 : 1]++;
            counts[2] += (int) credits;
            long wantCredits = priced ? 1 : 0;
            long wantReversals = priced && revoked ? 1 : 0;
            if (credits != wantCredits || reversals != wantReversals) {
                offenders.add(rs.getString(1) + ": " + credits + " credits and " + reversals + " reversals, expected " + wantCredits
                        + " and " + wantReversals);
            }
        });
        long orphans = number("benefits", "SELECT count(*) FROM ledger_entry e WHERE e.contribution_id IS NOT NULL AND " + in("e.partnership_id")
                + " AND NOT EXISTS"
                + " (SELECT 1 FROM credited_contribution c WHERE c.contribution_id = e.contribution_id)");
        if (orphans > 0) {
            offenders.add(orphans + " ledger entries name a contribution benefit-service does not know");
        }
        return new Result("", offenders.isEmpty(), counts[0] + " credited (" + counts[2] + " credits), " + counts[1]
                + " awaiting a published policy", offenders);
    }

    static Result movementsBalance() throws SQLException {
        List<String> offenders = new ArrayList<>();
        query("benefits", "SELECT partnership_id, movement_id, unit, sum(amount), count(*) FROM ledger_entry WHERE " + in("partnership_id")
                + " GROUP BY 1, 2, 3"
                + " HAVING sum(amount) <> 0 OR count(*) <> 2", rs -> offenders.add("movement " + rs.getString(2) + " in " + rs.getString(1)
                + ": " + rs.getLong(5) + " legs summing to " + rs.getBigDecimal(4) + " " + rs.getString(3)));
        long movements = number("benefits", "SELECT count(DISTINCT movement_id) FROM ledger_entry WHERE " + in("partnership_id"));
        return new Result("", offenders.isEmpty(), movements + " movements", offenders);
    }

    static Result chainsVerify() throws Exception {
        List<String> offenders = new ArrayList<>();
        Set<String> partnerships = strings("benefits", "SELECT partnership_id FROM ledger_head WHERE " + in("partnership_id"));
        HttpClient http = HttpClient.newHttpClient();
        for (String id : partnerships) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/public/ledger/" + id + "/verification"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().contains("\"valid\":true")) {
                offenders.add(id + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        return new Result("", offenders.isEmpty(), partnerships.size() + " chains (through the public verification endpoint)", offenders);
    }

    static Result allocationsSumToPools() throws SQLException {
        List<String> offenders = new ArrayList<>();
        query("benefits", """
                SELECT a.id, p.amount, a.unallocated, coalesce((SELECT sum(l.amount) FROM allocation_line l WHERE l.allocation_id = a.id), 0)
                FROM allocation a JOIN pool p ON p.id = a.pool_id WHERE a.status = 'PUBLISHED' AND """ + " " + in("p.partnership_id"), rs -> {
            BigDecimal shared = rs.getBigDecimal(4).add(rs.getBigDecimal(3));
            if (shared.compareTo(rs.getBigDecimal(2)) != 0) {
                offenders.add(rs.getString(1) + ": lines " + rs.getBigDecimal(4) + " + unallocated " + rs.getBigDecimal(3) + " <> pool "
                        + rs.getBigDecimal(2));
            }
        });
        long published = number("benefits", "SELECT count(*) FROM allocation a JOIN pool p ON p.id = a.pool_id WHERE a.status = 'PUBLISHED'"
                + " AND " + in("p.partnership_id"));
        return new Result("", offenders.isEmpty(), published + " published allocations", offenders);
    }

    static Result allocationsInLedger() throws SQLException {
        List<String> offenders = new ArrayList<>();
        query("benefits", """
                SELECT a.id,
                       coalesce((SELECT sum(l.amount) FROM allocation_line l WHERE l.allocation_id = a.id), 0),
                       coalesce((SELECT sum(e.amount) FROM ledger_entry e WHERE e.allocation_id = a.id
                                 AND e.kind IN ('ALLOCATION_PAID', 'ALLOCATION_HELD') AND e.amount > 0), 0)
                FROM allocation a JOIN pool p ON p.id = a.pool_id WHERE a.status = 'PUBLISHED' AND """ + " " + in("p.partnership_id"), rs -> {
            if (rs.getBigDecimal(2).compareTo(rs.getBigDecimal(3)) != 0) {
                offenders.add(rs.getString(1) + ": lines " + rs.getBigDecimal(2) + ", paid or held in the ledger " + rs.getBigDecimal(3));
            }
        });
        return new Result("", offenders.isEmpty(), "lines against ledger movements", offenders);
    }

    static Result reportingContributions() throws SQLException {
        Map<String, String> source = rows("initiatives", "SELECT partnership_id, count(*) || ' / ' || coalesce(sum(hours), 0)"
                + " FROM contribution WHERE status = 'VERIFIED' AND " + in("partnership_id") + " GROUP BY 1");
        Map<String, String> derived = rows("reporting", "SELECT partnership_id, count(*) || ' / ' || coalesce(sum(hours), 0)"
                + " FROM contribution_fact WHERE status = 'VERIFIED' AND partnership_id NOT IN (" + benchmarks() + ") AND "
                + in("partnership_id") + " GROUP BY 1");
        List<String> offenders = compare(source, derived, "initiative-service", "reporting");
        long total = number("initiatives", "SELECT count(*) FROM contribution WHERE status = 'VERIFIED' AND " + in("partnership_id"));
        return new Result("", offenders.isEmpty(), total + " verified contributions in " + source.size() + " partnerships", offenders);
    }

    static Result reportingAllocations() throws SQLException {
        Map<String, String> source = rows("benefits", "SELECT a.pool_id, count(*) || ' / ' || sum(l.amount) FROM allocation a"
                + " JOIN allocation_line l ON l.allocation_id = a.id JOIN pool p ON p.id = a.pool_id WHERE a.status = 'PUBLISHED'"
                + " AND l.amount > 0 AND " + in("p.partnership_id") + " GROUP BY 1");
        Map<String, String> derived = rows("reporting", "SELECT pool_id, count(*) || ' / ' || sum(amount) FROM allocation_fact"
                + " WHERE amount > 0 AND " + in("partnership_id") + " GROUP BY 1");
        List<String> offenders = compare(source, derived, "benefit-service", "reporting");
        return new Result("", offenders.isEmpty(), source.size() + " pools shared (members / amount)", offenders);
    }

    static Result outboxes() throws SQLException {
        List<String> offenders = new ArrayList<>();
        StringBuilder counts = new StringBuilder();
        for (String db : List.of("members", "initiatives", "benefits", "reporting")) {
            long pending = number(db, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND NOT dead");
            long stuck = number(db, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND NOT dead AND created_at < now() - interval '60 seconds'");
            counts.append(db).append(' ').append(pending).append(" pending; ");
            if (stuck > 0) {
                offenders.add(db + ": " + stuck + " rows unsent for more than 60 s");
            }
        }
        long dead = deadOutboxCount();
        long tolerated = baseline.getOrDefault("dead-outbox", 0L);
        if (dead > tolerated) {
            offenders.add((dead - tolerated) + " outbox rows the relay gave up on" + (tolerated > 0 ? " (beyond the " + tolerated + " before)" : ""));
        }
        return new Result("", offenders.isEmpty(), counts.toString().strip(), offenders);
    }

    static long deadOutboxCount() throws SQLException {
        long dead = 0;
        for (String db : List.of("members", "initiatives", "benefits", "reporting")) {
            dead += number(db, "SELECT count(*) FROM outbox WHERE dead");
        }
        return dead;
    }

    static long deadLetterCount() throws Exception {
        deadLetters();
        return lastDeadLetters;
    }

    static long lastDeadLetters;

    static Result deadLetters() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        List<String> offenders = new ArrayList<>();
        long total = 0;
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = new HashSet<>();
            for (String t : admin.listTopics().names().get()) {
                if (t.endsWith(".dlq")) {
                    topics.add(t);
                }
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, d) -> d.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }));
            var starts = admin.listOffsets(earliest).all().get();
            var ends = admin.listOffsets(latest).all().get();
            Map<String, Long> perTopic = new HashMap<>();
            for (var e : ends.entrySet()) {
                long n = e.getValue().offset() - starts.get(e.getKey()).offset();
                perTopic.merge(e.getKey().topic(), n, Long::sum);
                total += n;
            }
            lastDeadLetters = total;
            long tolerated = baseline.getOrDefault("dead-letters", 0L);
            if (total > tolerated) {
                perTopic.forEach((topic, n) -> {
                    if (n > 0) {
                        offenders.add(topic + ": " + n + " events a consumer could not apply");
                    }
                });
            }
            return new Result("", offenders.isEmpty(), topics.size() + " dead-letter topics, " + total + " events"
                    + (tolerated > 0 ? " (" + tolerated + " there before)" : ""), offenders);
        }
    }

    // ---- plumbing

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    static Connection connect(String db) throws SQLException {
        return Community.database(postgres, passwords, db);
    }

    static void query(String db, String sql, Row row) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    static Set<String> strings(String db, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        query(db, sql, rs -> values.add(rs.getString(1)));
        return values;
    }

    static Map<String, String> rows(String db, String sql) throws SQLException {
        Map<String, String> values = new HashMap<>();
        query(db, sql, rs -> values.put(rs.getString(1), rs.getString(2)));
        return values;
    }

    static long number(String db, String sql) throws SQLException {
        long[] n = new long[1];
        query(db, sql, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    static List<String> compare(Map<String, String> source, Map<String, String> derived, String sourceName, String derivedName) {
        List<String> offenders = new ArrayList<>();
        Set<String> keys = new HashSet<>(source.keySet());
        keys.addAll(derived.keySet());
        Function<String, String> norm = v -> v == null ? "0 / 0" : v.replaceAll("\\.0+\\b", "").replaceAll("(\\.\\d*?)0+\\b", "$1");
        for (String key : keys) {
            if (!norm.apply(source.get(key)).equals(norm.apply(derived.get(key)))) {
                offenders.add(key + ": " + sourceName + " " + source.get(key) + ", " + derivedName + " " + derived.get(key));
            }
        }
        return offenders;
    }
}
