import java.net.URI;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How benefit-service scales with the number of members who share a pool, on the running stack. For each size, a new
 * partnership gets a published policy and one verified contribution per member (contribution.verified.v1 events put on
 * Kafka as initiative-service would), then a partner puts up a pool that a steward computes and the partner publishes,
 * and anyone verifies the ledger. The smallest size is the reference the others are compared with, in the same run.
 *
 * Usage (compiled by the stack script with the other tools): java -cp 'classes:libs/*' AllocationScale GATEWAY REALM KAFKA JDBC_URL DB_USER DB_PASSWORD SIZE...
 */
public class AllocationScale {

    record Row(int members, double creditsPerSecond, long computeMillis, long publishMillis, long verifyMillis, long entries,
            String allocated, String pool) {
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static String gateway;
    static String realm;

    public static void main(String[] args) throws Exception {
        gateway = args[0];
        realm = args[1];
        String kafka = args[2];
        List<Integer> sizes = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        List<Row> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(args[3], args[4], args[5]);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka, "acks", "all",
                        "linger.ms", 5, "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", StringSerializer.class.getName()))) {
            run(db, producer, 50); // warm-up, not measured: the JIT compilers work hardest first
            for (int size : sizes) {
                rows.add(run(db, producer, size));
            }
        }
        Row reference = rows.get(0);
        System.out.println();
        System.out.println("| members | credits/s (Kafka to ledger) | compute | publish | verify ledger (entries) | compute, publish, verify vs " + reference.members() + " | allocated / pool |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | --- | --- |");
        for (Row r : rows) {
            System.out.printf("| %d | %.0f | %d ms | %d ms | %d ms (%d) | ×%.1f, ×%.1f, ×%.1f | %s / %s |%n", r.members(), r.creditsPerSecond(),
                    r.computeMillis(), r.publishMillis(), r.verifyMillis(), r.entries(),
                    (double) r.computeMillis() / Math.max(1, reference.computeMillis()),
                    (double) r.publishMillis() / Math.max(1, reference.publishMillis()),
                    (double) r.verifyMillis() / Math.max(1, reference.verifyMillis()), r.allocated(), r.pool());
        }
    }

    static Row run(Connection db, KafkaProducer<String, String> producer, int members) throws Exception {
        String sam = token("sam", "password", "web");
        String acme = token("partner-acme", "client_credentials", null);
        String olga = token("olga", "password", "web");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String partnership = id(call("POST", "/api/partnerships", sam, "{\"name\":\"Benchmark " + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"partnerName\":\"Acme Hardware\",\"partnerOrganization\":\"acme\",\"purpose\":\"Measure how sharing scales with members.\","
                + "\"memberNeeds\":\"Fair shares.\",\"partnerContributes\":\"Money.\",\"communityContributes\":\"Work.\"}", 201));
        String terms = "{\"partnershipId\":\"" + partnership + "\",\"weights\":{\"CONTENT\":\"1\",\"EVENT_ORGANIZATION\":\"1.5\",\"ADVISORY\":\"1\","
                + "\"MENTORING\":\"1.5\",\"TRAINING\":\"2\",\"FACILITATION\":\"1\",\"RESEARCH\":\"1\",\"OUTREACH\":\"1\",\"OTHER\":\"1\"},"
                + "\"capShare\":\"0.05\",\"floorShare\":\"0.0001\",\"formats\":[\"STIPEND\"],\"reviewOn\":\"" + today.plusMonths(6) + "\"}";
        String policy = null;
        for (int i = 0; i < 120 && policy == null; i++) { // benefit-service learns of the partnership from initiative-service's events
            HttpResponse<String> r = send("POST", "/api/policies", sam, terms);
            if (r.statusCode() == 201) {
                policy = id(r.body());
            } else {
                Thread.sleep(250);
            }
        }
        call("POST", "/api/policies/" + policy + "/publish", sam, null, 200);

        String[] types = { "CONTENT", "TRAINING", "MENTORING", "OUTREACH" };
        String[] impacts = { "LOW", "MEDIUM", "HIGH" };
        long started = System.nanoTime();
        for (int i = 0; i < members; i++) {
            String member = UUID.randomUUID().toString();
            String data = "{\"contributionId\":\"" + UUID.randomUUID() + "\",\"memberId\":\"" + member + "\",\"initiativeId\":\"" + UUID.randomUUID()
                    + "\",\"partnershipId\":\"" + partnership + "\",\"type\":\"" + types[i % 4] + "\",\"hours\":" + (1 + i % 7) * 0.5
                    + ",\"impact\":\"" + impacts[i % 3] + "\",\"occurredOn\":\"" + today + "\",\"at\":\"" + Instant.now() + "\"}";
            ProducerRecord<String, String> record = new ProducerRecord<>("contributions", member, data);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_source", "/commonground/benchmark");
            header(record, "ce_type", "contribution.verified.v1");
            header(record, "ce_subject", member);
            header(record, "ce_time", Instant.now().toString());
            header(record, "ce_dataschema", "urn:commonground:schema:contribution.verified.v1");
            header(record, "content-type", "application/json");
            producer.send(record);
        }
        producer.flush();
        long credited = 0;
        while (credited < members) {
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT count(*) FROM credited_contribution WHERE partnership_id = ?::uuid AND points IS NOT NULL")) {
                st.setString(1, partnership);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    credited = rs.getLong(1);
                }
            }
            if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("only " + credited + " of " + members + " contributions credited in 10 minutes");
            }
            if (credited < members) {
                Thread.sleep(50);
            }
        }
        double creditsPerSecond = members / ((System.nanoTime() - started) / 1e9);

        String pool = id(call("POST", "/api/pools", acme, "{\"partnershipId\":\"" + partnership + "\",\"name\":\"Benchmark pool\",\"amount\":\"100000.00\","
                + "\"currency\":\"EUR\",\"format\":\"STIPEND\",\"periodFrom\":\"" + today.minusDays(30) + "\",\"periodTo\":\"" + today
                + "\",\"method\":\"PROPORTIONAL\"}", 201));
        long t = System.nanoTime();
        String allocation = id(call("POST", "/api/pools/" + pool + "/allocations", sam, null, 201));
        long compute = (System.nanoTime() - t) / 1_000_000;
        t = System.nanoTime();
        call("POST", "/api/allocations/" + allocation + "/publish", olga, null, 200);
        long publish = (System.nanoTime() - t) / 1_000_000;
        t = System.nanoTime();
        String verification = call("GET", "/api/public/ledger/" + partnership + "/verification", null, null, 200);
        long verify = (System.nanoTime() - t) / 1_000_000;
        if (!verification.contains("\"valid\":true")) {
            throw new IllegalStateException("the ledger does not verify: " + verification);
        }
        String publicPool = call("GET", "/api/public/pools/" + pool, null, null, 200);
        System.err.printf("  %d members: credited at %.0f/s, computed in %d ms, published in %d ms, verified in %d ms%n", members,
                creditsPerSecond, compute, publish, verify);
        return new Row(members, creditsPerSecond, compute, publish, verify, number(verification, "entries"),
                text(publicPool, "allocated"), "100000.00");
    }

    static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String token(String who, String grant, String client) throws Exception {
        String form = grant.equals("password")
                ? "grant_type=password&client_id=" + client + "&username=" + who + "&password=" + who
                : "grant_type=client_credentials&client_id=" + who + "&client_secret=" + who + "-secret";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return text(r.body(), "access_token");
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String call(String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = send(method, path, token, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String id(String json) {
        return text(json, "id");
    }

    static String text(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }

    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
