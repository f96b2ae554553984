package dev.vigil.detection.multivariate;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is a file clients may send (the import of an exported model): counts it claims are checked against its
 * bytes before anything is sized by them (plain JUnit).
 */
class PcaModelCodecTest {

    @Test
    void countsBeyondTheBytesAreRefusedBeforeAllocation() throws IOException {
        // 200 KB claiming 100,000 variables with empty names: a 40 GB correlation matrix if believed
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x56504341);
            out.writeInt(PcaEngine.VERSION);
            out.writeInt(100_000);
            out.writeInt(0);
            out.write(new byte[200_000]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PcaModelCodec.decode(bytes.toByteArray()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("corrupt"), e.getMessage());
    }
}
