package dev.vigil.ingestion;

/**
 * A byte-level count of what a JSON body would make a parser build: its values (the root, every array element and
 * every object member) and the elements of its largest array. It skips over strings and never tokenizes numbers or
 * names, so it costs a fraction of a tokenizer's pass; for valid JSON, and for any valid prefix of a malformed body,
 * its counts equal the tokenizer's, so it can clear a body that {@link BodyGate} would let through.
 */
final class BodyScan {

    private BodyScan() {
    }

    /**
     * False when no array of the body holds more than {@code maxElements} elements and the body holds at most
     * {@code maxValues} values; true when it may (the gate's exact pass then decides), also when nesting is deeper
     * than this scan follows.
     */
    static boolean mayExceed(byte[] body, int maxElements, long maxValues) {
        final int maxDepth = 256;
        long[] commas = new long[maxDepth];
        boolean[] array = new boolean[maxDepth];
        boolean[] filled = new boolean[maxDepth];
        int depth = 0;
        long values = 1;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case ' ', '\t', '\n', '\r' -> {
                }
                case '[', '{' -> {
                    if (depth > 0 && !filled[depth - 1]) {
                        filled[depth - 1] = true;
                        values++;
                    }
                    if (depth == maxDepth) {
                        return true;
                    }
                    commas[depth] = 0;
                    array[depth] = b == '[';
                    filled[depth] = false;
                    depth++;
                }
                case ']', '}' -> depth = Math.max(0, depth - 1);
                case ',' -> {
                    if (depth > 0) {
                        values++;
                        if (array[depth - 1] && ++commas[depth - 1] + 1 > maxElements) {
                            return true;
                        }
                    }
                }
                default -> {
                    inString = b == '"';
                    if (depth > 0 && !filled[depth - 1]) {
                        filled[depth - 1] = true;
                        values++;
                    }
                }
            }
            if (values > maxValues) {
                return true;
            }
        }
        return false;
    }
}
