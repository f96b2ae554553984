package dev.vigil.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Vigil setting's default lives in its {@code @ConfigMapping} ({@code @WithDefault}) and nowhere else: a second
 * value in application.properties wins over the mapping, so the two drift apart unnoticed (a changed default that
 * never takes effect). The file may only name the environment variable a key reads ({@code ${VIGIL_KEYS:}}) and
 * set profile values ({@code %test.}, {@code %dev.}).
 */
class OneDefaultSourceTest {

    @Test
    void applicationPropertiesHoldsNoSecondDefaultOfAVigilSetting() throws IOException {
        List<String> offences = Files.readAllLines(Path.of("src/main/resources/application.properties")).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("vigil.") && l.contains("="))
                .filter(l -> !l.substring(l.indexOf('=') + 1).strip().startsWith("${"))
                .toList();
        assertEquals(List.of(), offences, "defaults of Vigil settings belong in their @ConfigMapping (@WithDefault)");
    }
}
