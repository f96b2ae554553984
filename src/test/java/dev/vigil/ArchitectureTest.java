package dev.vigil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The maths stays a library: aggregation and detection import no framework, JSON or logging API. Values are records:
 * no main source holds untyped {@code Map<String, Object>} rows (API answers included). Errors are rendered in one place.
 * Use-case classes stay small: no bean takes more than four collaborators.
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

    /**
     * Style guide: at most 4 collaborators per use-case class, split by use case before adding a fifth. Every bean
     * (resource, service, job, store) is held to it: a fifth injected dependency is where a class starts to serve two
     * use cases, and the debt paid off once must not grow back unnoticed.
     */
    @Test
    void beansTakeAtMostFourCollaborators() throws IOException {
        List<String> offences;
        try (Stream<Path> files = walk(Path.of("src/main/java/dev/vigil"))) {
            offences = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f).stream().anyMatch(l -> BEAN.matcher(l).matches()))
                    .filter(f -> collaborators(f) > 4)
                    .map(f -> f + ": " + collaborators(f) + " collaborators")
                    .toList();
        }
        assertEquals(List.of(), offences);
    }

    /** A scope or resource annotation at the start of a line: the class is a CDI bean. */
    private static final Pattern BEAN =
            Pattern.compile("@(ApplicationScoped|Singleton|RequestScoped|Dependent|Path\\(\".*\"\\))\\s*");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\([^)]*\\))?");

    /** The parameters of the class's widest constructor plus its {@code @Inject} fields. */
    static int collaborators(Path f) {
        String src = String.join("\n", lines(f));
        String name = f.getFileName().toString().replace(".java", "");
        int most = 0;
        Matcher m = Pattern.compile("\\n\\s*(public |protected |private )?" + name + "\\s*\\(").matcher(src);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            while (depth > 0) {
                char c = src.charAt(i++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            String params = ANNOTATION.matcher(src.substring(m.end(), i - 1)).replaceAll("").strip();
            most = Math.max(most, params.isEmpty() ? 0 : topLevelCommas(params) + 1);
        }
        // injected fields count too; an @Inject constructor is counted above
        return most + (int) Pattern.compile("@Inject\\s+(?!(public |protected |private )?" + name + "\\s*\\()")
                .matcher(src).results().count();
    }

    private static int topLevelCommas(String params) {
        int depth = 0;
        int commas = 0;
        for (char c : params.toCharArray()) {
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            commas += c == ',' && depth == 0 ? 1 : 0;
        }
        return commas;
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
