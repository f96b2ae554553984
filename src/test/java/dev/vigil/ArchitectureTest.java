package dev.vigil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The maths stays a library: aggregation and detection import no framework, JSON or logging API. Values are records:
 * no main source holds untyped {@code Map<String, Object>} rows (API answers included). Errors are rendered in one place.
 */
class ArchitectureTest {

    private static final List<String> FORBIDDEN = List.of("io.quarkus", "jakarta", "org.eclipse.microprofile",
            "io.smallrye", "org.hibernate", "com.fasterxml", "org.jboss.logging", "org.slf4j", "java.util.logging",
            "org.apache.logging", "io.vertx");

    @Test
    void pureRoomsImportNoFramework() throws IOException {
        List<String> offences;
        try (Stream<Path> files = Stream.of("aggregation", "detection")
                .map(p -> Path.of("src/main/java/dev/vigil", p)).flatMap(ArchitectureTest::walk)) {
            offences = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> FORBIDDEN.stream().anyMatch(l::contains)).map(l -> f + ": " + l))
                    .toList();
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void valuesAreRecordsNotUntypedMaps() throws IOException {
        List<String> offences;
        try (Stream<Path> files = walk(Path.of("src/main/java/dev/vigil"))) {
            offences = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> l.contains("Map<String, Object>"))
                            .map(l -> f + ": " + l.strip()))
                    .toList();
        }
        assertEquals(List.of(), offences);
    }

    /** One error family rendered in one place: a second mapper would answer some refusals in another shape. */
    @Test
    void errorsAreRenderedInOnePlace() throws IOException {
        List<String> offences;
        try (Stream<Path> files = walk(Path.of("src/main/java/dev/vigil"))) {
            offences = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.endsWith(Path.of("api", "ApiExceptionMappers.java")))
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> l.contains("implements ExceptionMapper") || l.contains("@ServerExceptionMapper"))
                            .map(l -> f + ": " + l.strip()))
                    .toList();
        }
        assertEquals(List.of(), offences);
    }

    private static Stream<Path> walk(Path p) {
        try {
            return Files.walk(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
