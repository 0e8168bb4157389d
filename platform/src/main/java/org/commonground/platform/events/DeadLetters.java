package org.commonground.platform.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends a record that cannot be applied to {@code <topic>.dlq}: the original key, value and headers, plus
 * {@code dead-letter-reason}, {@code dead-letter-cause}, {@code dead-letter-topic}, {@code dead-letter-partition}
 * and {@code dead-letter-offset}. The count is the metric {@code commonground.inbox.dead.lettered}.
 */
@ApplicationScoped
public class DeadLetters {

    private final MeterRegistry metrics;
    private final Properties config = new Properties();
    private volatile Producer<String, String> producer;

    DeadLetters(MeterRegistry metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.metrics = metrics;
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-dead-letters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaSecurity.addTo(config);
    }

    /** each consumed topic's dead-letter count is on /q/metrics from the start, at zero (for alerts on its growth) */
    void registerMetrics(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        java.util.Set<String> topics = new java.util.TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")) {
                config.getOptionalValue(name, String.class).ifPresent(topics::add);
            }
        }
        topics.forEach(topic -> metrics.counter("commonground.inbox.dead.lettered", "topic", topic));
    }

    /** Completes once the dead-letter topic has the record (it fails, and is retried by the caller, if Kafka is away). */
    public Uni<Void> send(ConsumerRecord<String, String> record, String reason, Throwable cause) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            ProducerRecord<String, String> dead = new ProducerRecord<>(record.topic() + ".dlq", record.key(), record.value());
            for (Header header : record.headers()) {
                dead.headers().add(header);
            }
            header(dead, "dead-letter-reason", reason);
            if (cause != null) {
                header(dead, "dead-letter-cause", cause.getClass().getName() + ": " + cause.getMessage());
            }
            header(dead, "dead-letter-topic", record.topic());
            header(dead, "dead-letter-partition", Integer.toString(record.partition()));
            header(dead, "dead-letter-offset", Long.toString(record.offset()));
            producer().send(dead, (metadata, error) -> {
                if (error != null) {
                    emitter.fail(error);
                } else {
                    metrics.counter("commonground.inbox.dead.lettered", "topic", record.topic()).increment();
                    emitter.complete(null);
                }
            });
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // send() may block while Kafka is away
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(config);
                }
            }
        }
        return producer;
    }

    void close(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
