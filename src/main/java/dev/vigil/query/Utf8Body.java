package dev.vigil.query;

import dev.vigil.ingestion.RejectedInput;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Marks a resource whose text body must be UTF-8 (JSON's only encoding between systems, RFC 8259). The container
 * decodes a text body leniently, turning each invalid byte into U+FFFD, so {@code caf\xe9} and {@code caf\xe8} became
 * one series and a rule's name was stored other than sent; such a body is now refused with 400 {@code MalformedJson}
 * naming the byte, as the CloudEvents endpoints already did.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Utf8Body {

    /** Checks the body's bytes before the resource's reader decodes them. */
    @Provider
    @Utf8Body
    class Check implements ReaderInterceptor {

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext ctx) throws IOException {
            byte[] body = ctx.getInputStream().readAllBytes();
            int bad = firstInvalid(body);
            if (bad >= 0) {
                throw new RejectedInput(400, "MalformedJson", null, "the body is not valid UTF-8 (byte " + bad
                        + "): JSON must be sent as UTF-8");
            }
            ctx.setInputStream(new ByteArrayInputStream(body));
            return ctx.proceed();
        }

        /** The offset of the first byte that is not part of valid UTF-8, or -1. */
        static int firstInvalid(byte[] body) {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(body);
            CharBuffer out = CharBuffer.allocate(4096);
            while (true) {
                CoderResult r = decoder.decode(in, out, true);
                if (r.isError()) {
                    return in.position();
                }
                if (r.isUnderflow()) {
                    return decoder.flush(out).isError() ? in.position() : -1;
                }
                out.clear();
            }
        }
    }
}
