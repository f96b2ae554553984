package dev.vigil.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyScanTest {

    /** Limits 3 elements per array and 12 values per body. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2,3]|false",
        "[1,2,3,4]|true",
        "[[1,2,3],[4,5,6],[]]|false",
        "[[1,2,3,4]]|true",
        "{\"a\":[1,2],\"b\":{\"c\":\"x,y,z,[w],{v}\"}}|false",
        "[\"a,b,c,d,e\",\"\\\",,,,\"]|false",
        "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}|false",
        "{\"a\":[1,2,3],\"b\":[1,2,3],\"c\":[1,2,3]}|true",
        "[1,2,3|false",
        "[1,2,3,4|true",
        "[ ]|false",
        "\"just, a, string, with, commas\"|false",
        "not json, at all, really, no, no|false"})
    void countsAsATokenizerWould(String body, boolean exceeds) {
        assertEquals(exceeds, BodyScan.mayExceed(body.getBytes(StandardCharsets.UTF_8), 3, 12));
    }
}
