package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The data errors of the two CSV layouts (plain JUnit): what a file may hold before any of it is stored. */
class CsvTablesTest {

    private static DataProblem problem(Runnable read) {
        return assertThrows(DataProblem.class, read::run);
    }

    @Test
    void aVariableNameWithAControlCharacterOrLoneSurrogateIsAParseErrorNamingTheColumn() {
        for (String name : new String[] {"a\u0000b", "a\ud800", "a\u0007b"}) {
            DataProblem p = problem(() -> CsvTables.oneTable("t.csv", "timestamp," + name + ",c\n"
                    + "2021-01-01T00:00:00Z,1,2\n"));
            assertEquals("VariableParseError", p.code());
            assertTrue(p.getMessage().contains("column 2"), p.getMessage());
            DataProblem file = problem(() -> CsvTables.variable(name + ".csv", name, "timestamp,value\n"));
            assertEquals("VariableParseError", file.code());
        }
    }

    @Test
    void anErrorQuotingTheDataIsStorableText() {
        // the message goes into PostgreSQL JSON, which takes no NUL; a file name is quoted as it was given
        assertEquals("File a<U+0000>b<U+D800>.csv \uD83D\uDE00", new MvWire.ErrorItem("VariableParseError",
                "File a\u0000b\ud800.csv \uD83D\uDE00").message());
    }

    @Test
    void timestampsOutsideYearsOneTo9999AreParseErrors() {
        for (String t : new String[] {"0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            DataProblem p = problem(() -> CsvTables.oneTable("t.csv", "timestamp,a\n" + t + ",1\n"));
            assertEquals("VariableParseError", p.code());
            assertTrue(p.getMessage().contains("line 2") && p.getMessage().contains("years 1 and 9999"),
                    p.getMessage());
        }
    }
}
