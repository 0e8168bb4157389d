package org.commonground.platform.events;

import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The connection security of the service's own Kafka clients (the outbox relay, the dead-letter producer, a read
 * model's rebuild), taken
 * from the same {@code kafka.*} properties as the connector's channels: on Kubernetes, SASL_SSL with the service's
 * SCRAM user and the cluster's CA (deploy/k8s); locally, none.
 */
public final class KafkaSecurity {

    static final List<String> KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.certificates",
            "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    private KafkaSecurity() {
    }

    /** adds every security setting the configuration has (each can come from an environment variable, KAFKA_...) */
    public static Properties addTo(Properties config) {
        Config source = ConfigProvider.getConfig();
        for (String key : KEYS) {
            source.getOptionalValue("kafka." + key, String.class).ifPresent(value -> config.put(key, value));
        }
        return config;
    }
}
