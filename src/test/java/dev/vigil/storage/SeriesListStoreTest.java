package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The series search's terms, each of which a key must hold. */
class SeriesListStoreTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "machine=m1|machine=m1",
        "region=eu-west,dc=dc1|region=eu-west;dc=dc1",
        "cpu  region=eu-west|cpu;region=eu-west",
        "host=a,b|host=a,b",
        "' m1 '|m1",
        "region=eu-west,dc=dc1,|region=eu-west;dc=dc1",
        "a,|a,",
    })
    void aScopeOrSeveralWordsAreTermsAndACommaInAValueIsNot(String text, String terms) {
        assertEquals(List.of(terms.split(";")), SeriesListStore.terms(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"host=a b\"|host=a b",
        "host=\"a b\" cpu|host=a b;cpu",
        "\"region=eu west\",dc=dc1|region=eu west;dc=dc1",
        "\"host=a, b\"|host=a, b",
        "\"host=a  b|host=a  b",
        "\"\" m1|m1",
    })
    void doubleQuotesKeepSpacesAndCommasInsideATerm(String text, String terms) {
        assertEquals(List.of(terms.split(";")), SeriesListStore.terms(text));
    }
}
