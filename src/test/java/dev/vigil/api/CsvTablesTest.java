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
    void timestampsOutsideYearsOneTo9999AreParseErrors() {
        for (String t : new String[] {"0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            DataProblem p = problem(() -> CsvTables.oneTable("t.csv", "timestamp,a\n" + t + ",1\n"));
            assertEquals("VariableParseError", p.code());
            assertTrue(p.getMessage().contains("line 2") && p.getMessage().contains("years 1 and 9999"), p.getMessage());
        }
    }
}
