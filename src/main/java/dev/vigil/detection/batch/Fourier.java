package dev.vigil.detection.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Discrete Fourier transform of any length. commons-math3 only transforms power-of-two lengths, so other lengths go
 * through Bluestein's chirp-z identity (n·k = (n² + k² − (k−n)²)/2), which turns a DFT of length n into a circular
 * convolution of a power-of-two length ≥ 2n−1. Cost O(n log n). Unnormalised forward, 1/n inverse.
 *
 * <p>The chirp and its transform depend only on the length and direction, so they are kept for the most recently
 * used lengths: requests of one length (say 1,000 hourly points) then pay for one transform pair instead of three
 * transforms and n sines and cosines. The arithmetic is done on plain arrays, operation for operation as
 * {@link Complex} would, so the results are unchanged.
 *
 * <p>Thread-safe. Empty input gives empty output.
 */
final class Fourier {

    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    /** Lengths whose chirps are kept; a 8,640-point entry holds about 0.7 MB. */
    private static final int CACHED_LENGTHS = 16;

    private static final Map<Long, Chirp> CHIRPS = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Chirp> eldest) {
            return size() > CACHED_LENGTHS;
        }
    };

    /** w_k = e^(±iπk²/n) and the transform of the convolution kernel conj(w) wrapped to length m. */
    private record Chirp(double[] re, double[] im, double[][] kernelSpectrum, int m) {
    }

    private Fourier() {
    }

    /** Forward DFT: X[k] = Σ x[n]·e^(−2πi·nk/N). */
    static Complex[] forward(Complex[] x) {
        return transform(x, false);
    }

    /** Inverse DFT: x[n] = (1/N)·Σ X[k]·e^(2πi·nk/N). */
    static Complex[] inverse(Complex[] x) {
        return transform(x, true);
    }

    static Complex[] forward(double[] x) {
        Complex[] c = new Complex[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = new Complex(x[i], 0);
        }
        return forward(c);
    }

    private static Complex[] transform(Complex[] x, boolean inverse) {
        int n = x.length;
        if (n == 0) {
            return new Complex[0];
        }
        if (Integer.bitCount(n) == 1) {
            return FFT.transform(x.clone(), inverse ? TransformType.INVERSE : TransformType.FORWARD);
        }
        Chirp w = chirp(n, inverse);
        int m = w.m();
        double[][] a = new double[2][m];
        for (int k = 0; k < n; k++) {
            double re = x[k].getReal();
            double im = x[k].getImaginary();
            a[0][k] = re * w.re()[k] - im * w.im()[k];
            a[1][k] = re * w.im()[k] + im * w.re()[k];
        }
        FastFourierTransformer.transformInPlace(a, DftNormalization.STANDARD, TransformType.FORWARD);
        double[][] b = w.kernelSpectrum();
        for (int i = 0; i < m; i++) {
            double re = a[0][i];
            double im = a[1][i];
            a[0][i] = re * b[0][i] - im * b[1][i];
            a[1][i] = re * b[1][i] + im * b[0][i];
        }
        FastFourierTransformer.transformInPlace(a, DftNormalization.STANDARD, TransformType.INVERSE);
        Complex[] out = new Complex[n];
        for (int k = 0; k < n; k++) {
            double re = a[0][k] * w.re()[k] - a[1][k] * w.im()[k];
            double im = a[0][k] * w.im()[k] + a[1][k] * w.re()[k];
            out[k] = inverse ? new Complex(re / n, im / n) : new Complex(re, im);
        }
        return out;
    }

    private static Chirp chirp(int n, boolean inverse) {
        long key = 2L * n + (inverse ? 1 : 0);
        synchronized (CHIRPS) {
            Chirp cached = CHIRPS.get(key);
            if (cached != null) {
                return cached;
            }
        }
        double sign = inverse ? 1 : -1;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            // k² mod 2n keeps the angle exact for large k
            long kk = ((long) k * k) % (2L * n);
            double angle = sign * Math.PI * kk / n;
            re[k] = Math.cos(angle);
            im[k] = Math.sin(angle);
        }
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        double[][] b = new double[2][m];
        b[0][0] = re[0];
        b[1][0] = -im[0];
        for (int k = 1; k < n; k++) {
            b[0][k] = re[k];
            b[1][k] = -im[k];
            b[0][m - k] = re[k];
            b[1][m - k] = -im[k];
        }
        FastFourierTransformer.transformInPlace(b, DftNormalization.STANDARD, TransformType.FORWARD);
        Chirp w = new Chirp(re, im, b, m);
        synchronized (CHIRPS) {
            CHIRPS.put(key, w);
        }
        return w;
    }
}
