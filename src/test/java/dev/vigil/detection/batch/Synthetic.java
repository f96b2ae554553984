package dev.vigil.detection.batch;

import java.util.Random;

/** Seeded synthetic series for the batch tests: one builder per shape, never copied constant blocks. */
final class Synthetic {

    private Synthetic() {
    }

    /** level + amplitude·sin(2πi/period) + N(0, noise²), seeded. */
    static double[] seasonal(int n, int period, double level, double amplitude, double noise, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = level + amplitude * Math.sin(2 * Math.PI * i / period) + noise * rnd.nextGaussian();
        }
        return x;
    }

    /** Gaussian noise around a level, seeded. */
    static double[] flat(int n, double level, double noise, long seed) {
        return seasonal(n, 2, level, 0, noise, seed);
    }

    /** Adds {@code delta} to the points from {@code at} on (a level shift). */
    static double[] shift(double[] x, int at, double delta) {
        double[] y = x.clone();
        for (int i = at; i < y.length; i++) {
            y[i] += delta;
        }
        return y;
    }

    /** Adds {@code delta} at one index (a spike or dip). */
    static double[] spike(double[] x, int at, double delta) {
        double[] y = x.clone();
        y[at] += delta;
        return y;
    }
}
