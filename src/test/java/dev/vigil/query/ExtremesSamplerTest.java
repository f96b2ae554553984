package dev.vigil.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.WindowView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Not a @QuarkusTest: the sampler is a plain function. */
class ExtremesSamplerTest {

    static WindowView window(int i, double v, boolean anomaly) {
        return new WindowView(Instant.ofEpochSecond(300L * i), 1, v, v, v, v, v, 10.0, 9.0, 11.0, anomaly,
                anomaly ? 0.9 : 0, 0.0, false, "d", 1, anomaly ? "value" : null);
    }

    static List<WindowView> noise(int n, long seed) {
        Random r = new Random(seed);
        List<WindowView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(window(i, 10 + r.nextGaussian(), false));
        }
        return out;
    }

    @Test
    void shortInputIsReturnedAsIs() {
        List<WindowView> in = noise(100, 1);
        assertSame(in, ExtremesSampler.sample(in, 100));
    }

    @Test
    void thinsToMaxPointsKeepingTheGlobalExtremesInTimeOrder() {
        List<WindowView> in = noise(8640, 2);
        in.set(5000, window(5000, 1000, false));
        in.set(7000, window(7000, -1000, false));
        List<WindowView> out = ExtremesSampler.sample(in, 1000);
        assertTrue(out.size() <= 1000, "at most maxPoints without anomalies, was " + out.size());
        assertTrue(out.size() >= 900, "about maxPoints, was " + out.size());
        assertTrue(out.contains(in.get(5000)) && out.contains(in.get(7000)));
        List<WindowView> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(WindowView::start));
        assertEquals(sorted, out);
    }

    @Test
    void everyAnomalyIsKeptEvenBeyondMaxPoints() {
        List<WindowView> in = noise(8640, 3);
        for (int i = 0; i < 8640; i += 100) {
            in.set(i, window(i, 10, true));
        }
        List<WindowView> out = ExtremesSampler.sample(in, 20);
        assertEquals(87, out.stream().filter(WindowView::anomaly).count());
        assertTrue(out.size() <= 20 + 87);
    }

    @Test
    void rejectsFewerThanTwoPoints() {
        assertThrows(IllegalArgumentException.class, () -> ExtremesSampler.sample(noise(10, 4), 1));
    }
}
