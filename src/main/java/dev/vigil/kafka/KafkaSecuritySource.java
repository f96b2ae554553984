package dev.vigil.kafka;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands {@code vigil.kafka.*} to every Kafka client as {@code kafka.*} keys. Quarkus gives the {@code kafka.*} keys
 * to each channel (readings, alerts, readings-dlq) and to the {@code default-kafka-broker} map the probe's admin client
 * is made from, so a client added later gets them as well, with no setting of its own.
 *
 * <p>The ordinal is below {@code application.properties} (250) and the environment (300): a raw Kafka key set
 * anywhere ({@code KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM}, {@code kafka.sasl.login.callback.handler.class})
 * overrides the derived one, the escape hatch for what the typed settings do not cover. Registered in
 * {@code META-INF/services}; {@link KafkaSettings} stops the start on settings that cannot work.
 */
public class KafkaSecuritySource implements ConfigSourceFactory {

    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = new ArrayList<>(context.getProfiles());
        Collections.reverse(profiles); // the context lists them by precedence, the builder takes them the other way
        // unknown names under vigil.kafka are not this reading's to refuse: VIGIL_KAFKA_BOOTSTRAP looks like
        // vigil.kafka.bootstrap here, and a misspelt variable gets SettingsGuard's message, which names the fix
        KafkaConfig config = new SmallRyeConfigBuilder().withProfiles(profiles)
                .withSources(new ConfigSourceContext.ConfigSourceContextConfigSource(context))
                .withSources(context.getConfigSources())
                .withMapping(KafkaConfig.class).withMappingIgnore("vigil.kafka.**")
                .build().getConfigMapping(KafkaConfig.class);
        Map<String, String> keys = new TreeMap<>();
        KafkaSecurity.clientProperties(config).forEach((k, v) -> keys.put("kafka." + k, v));
        return List.of(new PropertiesConfigSource(keys, "VigilKafkaSecurity", ORDINAL));
    }
}
