package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The batch maths stays a plain library: only java.* and commons-math3 imports (issue 5, style guide). */
class PurityTest {

    @Test
    void importsOnlyJavaAndCommonsMath() throws IOException {
        Path dir = Path.of("src/main/java/dev/vigil/detection/batch");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                List<String> bad = Files.readAllLines(file).stream()
                        .filter(l -> l.startsWith("import "))
                        .filter(l -> !l.matches("import (static )?(java\\.|org\\.apache\\.commons\\.math3\\.).*"))
                        .toList();
                assertTrue(bad.isEmpty(), file.getFileName() + " imports " + bad);
            }
        }
    }
}
