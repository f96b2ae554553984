package dev.vigil.detection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The detection package imports only the JDK and Commons Math (style guide: the maths is a library). */
class PureDetectionPackageTest {

    @Test
    void importsOnlyJavaAndCommonsMath() throws IOException {
        Path root = Path.of("src/main/java/dev/vigil/detection");
        List<String> offending;
        try (Stream<Path> files = Files.walk(root)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> lines(p).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> !l.matches("import (static )?(java\\.|org\\.apache\\.commons\\.math3\\.|dev\\.vigil\\.detection).*"))
                            .map(l -> p.getFileName() + ": " + l))
                    .toList();
        }
        assertTrue(offending.isEmpty(), String.join("\n", offending));
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
