package dev.vigil.detection.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.commons.math3.complex.Complex;
import org.junit.jupiter.api.Test;

class FourierTest {

    @Test
    void bluesteinMatchesTheDefinitionForAnOddLength() {
        double[] x = new Random(3).doubles(45).toArray();
        Complex[] fast = Fourier.forward(x);
        for (int k = 0; k < x.length; k++) {
            Complex direct = Complex.ZERO;
            for (int j = 0; j < x.length; j++) {
                direct = direct.add(new Complex(0, -2 * Math.PI * j * k / x.length).exp().multiply(x[j]));
            }
            assertEquals(direct.getReal(), fast[k].getReal(), 1e-9);
            assertEquals(direct.getImaginary(), fast[k].getImaginary(), 1e-9);
        }
    }

    @Test
    void inverseUndoesForward() {
        double[] x = new Random(4).doubles(1000).toArray();
        Complex[] back = Fourier.inverse(Fourier.forward(x));
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], back[i].getReal(), 1e-9);
            assertEquals(0, back[i].getImaginary(), 1e-9);
        }
    }
}
