package dev.vigil.detection.batch;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Discrete Fourier transform of any length. commons-math3 only transforms power-of-two lengths, so other lengths go
 * through Bluestein's chirp-z identity (n·k = (n² + k² − (k−n)²)/2), which turns a DFT of length n into a circular
 * convolution of a power-of-two length ≥ 2n−1. Cost O(n log n). Unnormalised forward, 1/n inverse.
 *
 * <p>Stateless and thread-safe. Empty input gives empty output.
 */
final class Fourier {

    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

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
        double sign = inverse ? 1 : -1;
        Complex[] chirp = new Complex[n];
        for (int k = 0; k < n; k++) {
            // k² mod 2n keeps the angle exact for large k
            long kk = ((long) k * k) % (2L * n);
            double angle = sign * Math.PI * kk / n;
            chirp[k] = new Complex(Math.cos(angle), Math.sin(angle));
        }
        int m = Integer.highestOneBit(2 * n - 1) << 1;
        Complex[] a = new Complex[m];
        Complex[] b = new Complex[m];
        for (int i = 0; i < m; i++) {
            a[i] = Complex.ZERO;
            b[i] = Complex.ZERO;
        }
        for (int k = 0; k < n; k++) {
            a[k] = x[k].multiply(chirp[k]);
        }
        b[0] = chirp[0].conjugate();
        for (int k = 1; k < n; k++) {
            b[k] = chirp[k].conjugate();
            b[m - k] = chirp[k].conjugate();
        }
        Complex[] fa = FFT.transform(a, TransformType.FORWARD);
        Complex[] fb = FFT.transform(b, TransformType.FORWARD);
        for (int i = 0; i < m; i++) {
            fa[i] = fa[i].multiply(fb[i]);
        }
        Complex[] conv = FFT.transform(fa, TransformType.INVERSE);
        Complex[] out = new Complex[n];
        for (int k = 0; k < n; k++) {
            Complex v = conv[k].multiply(chirp[k]);
            out[k] = inverse ? v.divide(n) : v;
        }
        return out;
    }
}
