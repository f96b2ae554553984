package dev.vigil.detection.batch;

/**
 * Cubic interpolating spline with the not-a-knot end condition: the third derivative is continuous at the second
 * and the second-to-last knot, so the first two and the last two intervals are each one cubic. This is scipy's
 * default ({@code CubicSpline}, {@code interp1d(kind="cubic")}), which the service's gap filling uses; Commons
 * Math 3 offers only the natural spline (zero second derivative at the ends), which bends differently near the
 * ends and so near every gap close to them.
 *
 * <p>Solved for the second derivatives M<sub>i</sub>: the interior continuity equations
 * h<sub>i-1</sub>M<sub>i-1</sub> + 2(h<sub>i-1</sub>+h<sub>i</sub>)M<sub>i</sub> + h<sub>i</sub>M<sub>i+1</sub> =
 * 6(d<sub>i</sub> − d<sub>i-1</sub>) (h the knot spacings, d the secant slopes) form a tridiagonal system once the
 * two end conditions h<sub>1</sub>M<sub>0</sub> − (h<sub>0</sub>+h<sub>1</sub>)M<sub>1</sub> + h<sub>0</sub>M<sub>2</sub>
 * = 0 (and its mirror) are used to eliminate M<sub>0</sub> and M<sub>n-1</sub>. The reduced system stays strictly
 * diagonally dominant, so the Thomas algorithm without pivoting is stable. O(n) time and memory.
 *
 * <p>Immutable and thread-safe.
 */
public final class NotAKnotSpline {

    private final double[] x;
    private final double[] y;
    private final double[] m; // second derivatives at the knots

    /**
     * @param x strictly increasing knots, at least 4 (fewer would need scipy's special cases, which the service
     *          never reaches: its series have at least 12 points)
     * @param y values at the knots, finite
     */
    public NotAKnotSpline(double[] x, double[] y) {
        int n = x.length;
        if (n < 4 || y.length != n) {
            throw new IllegalArgumentException("need at least 4 knots and as many values, got " + n + " and "
                    + y.length);
        }
        for (int i = 1; i < n; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("knots must increase strictly, at index " + i);
            }
        }
        this.x = x.clone();
        this.y = y.clone();
        this.m = secondDerivatives(this.x, this.y);
    }

    private static double[] secondDerivatives(double[] x, double[] y) {
        int n = x.length;
        double[] h = new double[n - 1];
        double[] d = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            h[i] = x[i + 1] - x[i];
            d[i] = (y[i + 1] - y[i]) / h[i];
        }
        // unknowns M_1 .. M_{n-2}, row k is the continuity equation at knot k + 1
        int size = n - 2;
        double[] sub = new double[size];
        double[] diag = new double[size];
        double[] sup = new double[size];
        double[] rhs = new double[size];
        for (int k = 0; k < size; k++) {
            int i = k + 1;
            sub[k] = h[i - 1];
            diag[k] = 2 * (h[i - 1] + h[i]);
            sup[k] = h[i];
            rhs[k] = 6 * (d[i] - d[i - 1]);
        }
        // start: M_0 = ((h0 + h1) M_1 − h0 M_2) / h1, folded into the first row
        double h0 = h[0];
        double h1 = h[1];
        diag[0] += h0 * (h0 + h1) / h1;
        sup[0] -= h0 * h0 / h1;
        // end: M_{n-1} = ((ha + hb) M_{n-2} − hb M_{n-3}) / ha, with hb = h_{n-2}, ha = h_{n-3}, folded into the last
        double ha = h[n - 3];
        double hb = h[n - 2];
        diag[size - 1] += hb * (ha + hb) / ha;
        sub[size - 1] -= hb * hb / ha;
        double[] inner = thomas(sub, diag, sup, rhs);
        double[] out = new double[n];
        System.arraycopy(inner, 0, out, 1, size);
        out[0] = ((h0 + h1) * out[1] - h0 * out[2]) / h1;
        out[n - 1] = ((ha + hb) * out[n - 2] - hb * out[n - 3]) / ha;
        return out;
    }

    /** Tridiagonal solve; sub[0] and sup[last] are ignored. The inputs are left unchanged. */
    private static double[] thomas(double[] sub, double[] diag, double[] sup, double[] rhs) {
        int n = diag.length;
        double[] c = new double[n];
        double[] r = new double[n];
        c[0] = sup[0] / diag[0];
        r[0] = rhs[0] / diag[0];
        for (int i = 1; i < n; i++) {
            double denom = diag[i] - sub[i] * c[i - 1];
            c[i] = sup[i] / denom;
            r[i] = (rhs[i] - sub[i] * r[i - 1]) / denom;
        }
        double[] s = new double[n];
        s[n - 1] = r[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            s[i] = r[i] - c[i] * s[i + 1];
        }
        return s;
    }

    /** The spline at {@code t}; outside the knots the end cubics are extended (as scipy extrapolates). */
    public double value(double t) {
        int i = interval(t);
        double h = x[i + 1] - x[i];
        double u = t - x[i];
        double slope = (y[i + 1] - y[i]) / h - h * (2 * m[i] + m[i + 1]) / 6;
        return y[i] + u * (slope + u * (m[i] / 2 + u * (m[i + 1] - m[i]) / (6 * h)));
    }

    private int interval(double t) {
        int lo = 0;
        int hi = x.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (x[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
