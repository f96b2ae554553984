package dev.vigil.kafka;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                .withSources(asWritten(context))
                .withSources(context.getConfigSources())
                .withMapping(KafkaConfig.class).withMappingIgnore("vigil.kafka.**")
                .build().getConfigMapping(KafkaConfig.class);
        Map<String, String> keys = new TreeMap<>();
        KafkaSecurity.clientProperties(config).forEach((k, v) -> keys.put("kafka." + k, literal(v)));
        return List.of(new PropertiesConfigSource(keys, "VigilKafkaSecurity", ORDINAL));
    }

    /**
     * The context's values as written: this builder expands them, and expanding the context's already expanded
     * values again turned a password written {@code pa\${ss} (for {@code pa${ss}) into no password at all.
     */
    private static ConfigSource asWritten(ConfigSourceContext context) {
        ConfigSource expanded = new ConfigSourceContext.ConfigSourceContextConfigSource(context);
        return new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return expanded.getPropertyNames();
            }

            @Override
            public String getValue(String name) {
                ConfigValue v = context.getValue(name);
                return v == null ? null : v.getRawValue();
            }

            @Override
            public String getName() {
                return expanded.getName();
            }

            @Override
            public int getOrdinal() {
                return expanded.getOrdinal();
            }
        };
    }

    /**
     * The value escaped so that the configuration's expansion gives it back as it is. The settings read here were
     * expanded once, as the application reads them (a {@code \${} the user wrote is now a plain {@code ${});
     * expanded again on the way to the clients, a password holding {@code ${} became another value or, unterminated,
     * no login line at all.
     * SmallRye reads {@code \$} as a literal {@code $} whatever follows it (also after a backslash, unlike
     * {@code $$}, which a preceding backslash breaks).
     */
    static String literal(String value) {
        return value.replace("$", "\\$");
    }
}
