package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void signsTheStandardWebhooksExampleAsTheSpecificationDoes() {
        // the example of the Standard Webhooks specification and of its reference libraries' tests
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Signature.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void idTimestampAndBodyAreAllSigned() {
        String secret = Signature.newSecret();
        String base = Signature.sign(secret, "a", 1, "{}");
        assertNotEquals(base, Signature.sign(secret, "b", 1, "{}"));
        assertNotEquals(base, Signature.sign(secret, "a", 2, "{}"));
        assertNotEquals(base, Signature.sign(secret, "a", 1, "{ }"));
        assertNotEquals(base, Signature.sign(Signature.newSecret(), "a", 1, "{}"));
    }

    @Test
    void newSecretsAreTwentyFourRandomBytesBehindThePrefix() {
        String secret = Signature.newSecret();
        assertTrue(secret.startsWith("whsec_"), secret);
        assertEquals(24, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, Signature.newSecret());
        assertThrows(IllegalArgumentException.class, () -> Signature.sign("plain", "a", 1, "{}"));
    }
}
