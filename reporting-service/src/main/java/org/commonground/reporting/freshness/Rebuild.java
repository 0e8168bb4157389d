package org.commonground.reporting.freshness;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.reporting.consent.ConsentEventHandler;
import org.commonground.reporting.facts.BenefitFacts;
import org.commonground.reporting.facts.ContributionFacts;
import org.commonground.reporting.facts.InitiativeFacts;
import org.commonground.reporting.facts.MemberFacts;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds every read model from the beginning of the topics into fresh tables (schema {@code rebuild}), with the same
 * handlers the live consumers use, and compares them with the live tables; on request, the rebuilt tables replace the
 * live ones. Live consumers wait meanwhile (the rebuild holds the inbox's table), so no event falls between the two.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    /** The tables of facts that events build; each is rebuilt and compared. */
    static final List<String> TABLES = List.of("partnership_fact", "member_fact", "member_group", "initiative_fact", "stage_change",
            "participation_fact", "feedback_fact", "contribution_fact", "escalation_fact", "allocation_fact", "consent_state", "funding_fact", "budget_line_fact", "budget_spent_fact", "decision_fact",
            "role_fact", "milestone_fact", "milestone_progress", "showcase_fact", "lesson_fact");
    static final List<String> TOPICS = List.of("members", "consents", "initiatives", "contributions", "benefits");

    /** One table: rows live and rebuilt, and whether their contents are the same. */
    public record TableComparison(String table, long liveRows, long rebuiltRows, boolean same) {
    }

    public record Report(Instant startedAt, Instant finishedAt, Map<String, Integer> eventsRead, int eventsApplied, int eventsSkipped,
            List<TableComparison> tables, boolean allSame, boolean replaced) {
    }

    private final Inbox inbox;
    private final Map<String, Function<CloudEvent, Uni<Void>>> handlers = new LinkedHashMap<>();
    private final String bootstrapServers;
    private final Clock clock = Clock.systemUTC();

    Rebuild(Inbox inbox, MemberFacts members, ConsentEventHandler consents, InitiativeFacts initiatives, ContributionFacts contributions,
            BenefitFacts benefits, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.inbox = inbox;
        this.bootstrapServers = bootstrapServers;
        handlers.put("members", members::apply);
        handlers.put("consents", consents::apply);
        handlers.put("initiatives", initiatives::apply);
        handlers.put("contributions", contributions::apply);
        handlers.put("benefits", benefits::apply);
    }

    public Uni<Report> run(boolean replace) {
        Instant started = clock.instant();
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> NativeSql.update("LOCK TABLE processed_event IN EXCLUSIVE MODE")
                .chain(() -> Sequentially.each(List.of("DROP SCHEMA IF EXISTS rebuild CASCADE", "CREATE SCHEMA rebuild"), NativeSql::update))
                .chain(() -> Sequentially.each(new ArrayList<>(TABLES) {{ add("read_model"); }},
                        t -> NativeSql.update("CREATE TABLE rebuild." + t + " (LIKE public." + t + " INCLUDING ALL)")))
                .chain(() -> NativeSql.update("INSERT INTO rebuild.read_model SELECT name, description, 0, NULL, NULL FROM public.read_model"))
                // the topics are read on a worker thread, then the session goes on where it began
                .chain(() -> Uni.createFrom().item(this::readTopics).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(command -> context.runOnContext(ignored -> command.run())))
                .chain(read -> NativeSql.update("SET LOCAL search_path TO rebuild, public").chain(() -> apply(read.events()))
                        .chain(applied -> NativeSql.update("SET LOCAL search_path TO public")
                                .chain(() -> compare())
                                .chain(tables -> {
                                    boolean same = tables.stream().allMatch(TableComparison::same);
                                    Uni<Void> swap = replace ? replaceLive(read.events()) : Uni.createFrom().voidItem();
                                    return swap.map(done -> new Report(started, clock.instant(), read.counts(), applied[0], applied[1],
                                            tables, same, replace));
                                }))));
    }

    /** What was read: per topic the count, and each record with its event in topic order (within a partition, offset order). */
    record Read(Map<String, Integer> counts, List<Received> events) {
    }

    /** A record and its event, read once; the event is null for a record that is not a valid event. */
    record Received(ConsumerRecord<String, String> record, CloudEvent event) {
    }

    private List<Received> events(List<ConsumerRecord<String, String>> records) {
        List<Received> received = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            CloudEvent event;
            try {
                event = inbox.read(record);
            } catch (Inbox.PoisonEvent e) {
                event = null; // it went to the dead-letter topic live, too
            }
            received.add(new Received(record, event));
        }
        return received;
    }

    Read readTopics() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", "2000");
        org.commonground.platform.events.KafkaSecurity.addTo(props);
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            for (String topic : TOPICS) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                int before = records.size();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                        if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                            records.add(r);
                        }
                    });
                }
                counts.put(topic, records.size() - before);
            }
        }
        return new Read(counts, events(records));
    }

    /** Applies each event once (a duplicate id is skipped, as the inbox would); answers {applied, skipped}. */
    private Uni<int[]> apply(List<Received> events) {
        int[] tally = new int[2];
        Set<String> seen = new HashSet<>();
        return Sequentially.each(events, received -> {
            CloudEvent event = received.event();
            ConsumerRecord<String, String> record = received.record();
            if (event == null) {
                tally[1]++;
                return Uni.createFrom().voidItem();
            }
            if (!seen.add(event.source() + "|" + event.id())) {
                tally[1]++;
                return Uni.createFrom().voidItem();
            }
            // each event in a savepoint: one that fails is skipped and counted, as the live consumer dead-letters it
            return NativeSql.update("SAVEPOINT rebuild_event")
                    .chain(() -> handlers.get(record.topic()).apply(event))
                    .chain(() -> NativeSql.update("RELEASE SAVEPOINT rebuild_event"))
                    .invoke(() -> tally[0]++)
                    .onFailure().recoverWithUni(failure -> {
                        LOG.warnf("rebuild skips %s %s: %s", event.type(), event.id(), failure.getMessage());
                        tally[1]++;
                        return NativeSql.update("ROLLBACK TO SAVEPOINT rebuild_event");
                    });
        }).replaceWith(tally);
    }

    private Uni<List<TableComparison>> compare() {
        List<TableComparison> tables = new ArrayList<>();
        return Sequentially.each(TABLES, t -> NativeSql.rows("SELECT (SELECT count(*) FROM public." + t + "), (SELECT count(*) FROM rebuild."
                        + t + "), NOT EXISTS (SELECT * FROM public." + t + " EXCEPT SELECT * FROM rebuild." + t + ")"
                        + " AND NOT EXISTS (SELECT * FROM rebuild." + t + " EXCEPT SELECT * FROM public." + t + ")")
                .invoke(rows -> tables.add(new TableComparison(t, ((Number) rows.get(0)[0]).longValue(), ((Number) rows.get(0)[1]).longValue(),
                        (Boolean) rows.get(0)[2]))))
                .replaceWith(tables);
    }

    /** The rebuilt tables become the live ones; every event read counts as applied, so the live consumers skip it. */
    private Uni<Void> replaceLive(List<Received> events) {
        LOG.infof("replacing the live read models with the rebuilt ones (%d events)", events.size());
        return Sequentially.each(TABLES, t -> NativeSql.update("DELETE FROM public." + t)
                        .chain(() -> NativeSql.update("INSERT INTO public." + t + " SELECT * FROM rebuild." + t)))
                .chain(() -> NativeSql.update("UPDATE public.read_model l SET events_applied = r.events_applied, last_event_at = r.last_event_at,"
                        + " rebuilt_at = now() FROM rebuild.read_model r WHERE r.name = l.name"))
                .chain(() -> Sequentially.each(events, received -> {
                    CloudEvent event = received.event();
                    ConsumerRecord<String, String> record = received.record();
                    if (event == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return NativeSql.update("INSERT INTO processed_event (source, event_id, type, topic, partition_no, record_offset, event_time)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING", event.source(), event.id(), event.type(),
                            record.topic(), record.partition(), record.offset(), event.time());
                }));
    }
}
