package org.commonground.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.CloudEventRecords;
import org.commonground.platform.events.EventType;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The real Kafka of the stack, for tests: publish a CloudEvent (or any raw record) as a producer would, and read
 * a topic such as a dead-letter topic from its beginning.
 */
public final class EventBus {

    private EventBus() {
    }

    public static String bootstrapServers() {
        var config = ConfigProvider.getConfig();
        return config.getOptionalValue("kafka.bootstrap.servers", String.class)
                .or(() -> config.getOptionalValue("cg.kafka", String.class))
                .orElseThrow(() -> new IllegalStateException("No Kafka configured: set kafka.bootstrap.servers or CG_KAFKA"));
    }

    /** Publishes an event with a new id; returns the id. */
    public static String publish(EventType type, String key, JsonNode data) {
        String id = UUID.randomUUID().toString();
        publish(type, key, data, id, Instant.now());
        return id;
    }

    /** Publishes an event with the given id (publish the same id twice to test idempotence). */
    public static void publish(EventType type, String key, JsonNode data, String id, Instant time) {
        CloudEvent event = new CloudEvent(id, "/commonground/tests", type.type(), key, time, type.schemaUri(), key, data);
        send(CloudEventRecords.of(type.topic().topicName(), event, data.toString()));
    }

    public static void send(ProducerRecord<String, String> record) {
        sendTogether(List.of(record));
    }

    /** Sends records in one go (one producer, one flush), so that a consumer likely gets them in one batch. */
    public static void sendTogether(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "50",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            for (var future : sent) {
                future.get(15, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    /** A CloudEvent as a record, not yet sent (for {@link #sendTogether}). */
    public static ProducerRecord<String, String> record(EventType type, String key, JsonNode data) {
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), "/commonground/tests", type.type(), key, Instant.now(),
                type.schemaUri(), key, data);
        return CloudEventRecords.of(type.topic().topicName(), event, data.toString());
    }

    /** Every record now on a topic, read from the beginning by a throwaway consumer. */
    public static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tests-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 3) {
                var polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                polled.forEach(records::add);
            }
        }
        return records;
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
