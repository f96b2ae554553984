package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import dev.vigil.ingestion.InputRules;
import dev.vigil.time.IsoInstants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the service's two CSV layouts: one table ({@code timestamp,var1,var2,...}) and one file per variable
 * ({@code timestamp,value}, the file name being the variable). Empty cells are missing values; anything else
 * that is not a number is a {@code VariableParseError} naming the variable and line.
 */
final class CsvTables {

    /** The service's limit of timestamps per variable. */
    static final int MAX_TIMESTAMPS = 1_000_000;

    private CsvTables() {
    }

    /** One table: the first column is the timestamp, every other column a variable named by its header. */
    static SourceData oneTable(String name, String text) {
        try (BufferedReader in = new BufferedReader(new StringReader(stripBom(text)))) {
            List<String> header = header(name, in);
            if (header.size() < 2 || !header.get(0).equalsIgnoreCase("timestamp")) {
                throw new DataProblem("FileColumnsNotExist", "File " + name
                        + " must start with a header 'timestamp,<variable>,...'; found '" + String.join(",", header) + "'.");
            }
            List<String> vars = header.subList(1, header.size());
            if (vars.stream().distinct().count() != vars.size()) {
                throw new DataProblem("DuplicatedVariables", "File " + name + " names a variable twice: " + vars + ".");
            }
            if (vars.stream().anyMatch(String::isBlank)) {
                throw new DataProblem("FileColumnsNotExist", "File " + name + " has a column without a name.");
            }
            for (int j = 0; j < vars.size(); j++) {
                variableName(name, "the name of column " + (j + 2), vars.get(j));
            }
            List<Column> columns = new ArrayList<>();
            vars.forEach(v -> columns.add(new Column()));
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                if (cells.size() != header.size()) {
                    throw new DataProblem("NumColumnsMismatch", "File " + name + ", line " + lineNo + ": "
                            + cells.size() + " columns where the header has " + header.size() + ".");
                }
                Instant t = time(name, lineNo, cells.get(0));
                for (int j = 0; j < vars.size(); j++) {
                    columns.get(j).add(name, vars.get(j), lineNo, t, cells.get(j + 1));
                }
            }
            Map<String, Aligner.Observations> out = new LinkedHashMap<>();
            for (int j = 0; j < vars.size(); j++) {
                out.put(vars.get(j), columns.get(j).observations());
            }
            return new SourceData(out);
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "File " + name + " could not be read: " + e.getMessage());
        }
    }

    /** One variable's file: {@code timestamp,value}. */
    static Aligner.Observations variable(String fileName, String variable, String text) {
        variableName(fileName, "the variable name (the file name)", variable);
        try (BufferedReader in = new BufferedReader(new StringReader(stripBom(text)))) {
            List<String> header = header(fileName, in);
            if (header.size() != 2 || !header.get(0).equalsIgnoreCase("timestamp")
                    || !header.get(1).equalsIgnoreCase("value")) {
                throw new DataProblem("FileColumnsNotExist", "File " + fileName
                        + " must have the columns 'timestamp,value'; found '" + String.join(",", header) + "'.");
            }
            Column column = new Column();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                if (cells.size() != 2) {
                    throw new DataProblem("NumColumnsMismatch", "File " + fileName + ", line " + lineNo + ": "
                            + cells.size() + " columns where the header has 2.");
                }
                column.add(fileName, variable, lineNo, time(fileName, lineNo, cells.get(0)), cells.get(1));
            }
            return column.observations();
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "File " + fileName + " could not be read: " + e.getMessage());
        }
    }

    /**
     * A variable's name is stored and shown with the model, and sent back by clients to detect: a control character
     * (NUL cannot be stored) or an unpaired surrogate (no UTF-8 for it) is a {@code VariableParseError}, found before
     * anything is stored. The message describes the character, and does not quote the name.
     */
    private static void variableName(String file, String what, String variable) {
        String bad = InputRules.badCharacter(variable, true);
        if (bad != null) {
            throw new DataProblem("VariableParseError", "File " + file + ": " + what + " holds " + bad
                    + "; variable names must be printable and valid UTF-16.");
        }
    }

    private static List<String> header(String name, BufferedReader in) throws IOException {
        String first = in.readLine();
        if (first == null || first.isBlank()) {
            throw new DataProblem("NoData", "File " + name + " is empty.");
        }
        return split(first);
    }

    private static Instant time(String name, int lineNo, String cell) {
        Instant t = Timestamps.parse(cell).orElseThrow(() -> new DataProblem("VariableParseError", "File " + name
                + ", line " + lineNo + ": '" + cell + "' is not a timestamp (ISO 8601, e.g. 2021-01-02T00:00:00Z)."));
        // the variable states echo the first and last times, which clients cannot read beyond four-digit years
        if (!IsoInstants.inFourDigitYears(t)) {
            throw new DataProblem("VariableParseError", "File " + name + ", line " + lineNo + ": the timestamp "
                    + t + " is not between years 1 and 9999.");
        }
        return t;
    }

    /** Comma-separated cells, trimmed, with surrounding double quotes removed (no embedded commas in our data). */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.split(",", -1)) {
            String t = c.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).trim();
            }
            cells.add(t);
        }
        return cells;
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** One variable's observations as they are read. */
    private static final class Column {
        private final List<Instant> times = new ArrayList<>();
        private double[] values = new double[64];

        void add(String file, String variable, int lineNo, Instant t, String cell) {
            if (cell.isEmpty() || cell.equalsIgnoreCase("nan") || cell.equalsIgnoreCase("null")) {
                return; // a missing value: the alignment policy fills it
            }
            double v;
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!Double.isFinite(v)) {
                throw new DataProblem("VariableParseError", "File " + file + ", line " + lineNo + ": the value '"
                        + cell + "' of variable " + variable + " is not a finite number.");
            }
            if (Math.abs(v) > UnivariateRequest.MAX_ABS_VALUE) {
                throw new DataProblem("VariableParseError", "File " + file + ", line " + lineNo + ": the value '"
                        + cell + "' of variable " + variable + " is out of range [-1e100, 1e100].");
            }
            if (times.size() >= MAX_TIMESTAMPS) {
                throw new DataProblem("TooManyData", "Variable " + variable + " has more than "
                        + MAX_TIMESTAMPS + " timestamps.");
            }
            if (times.size() == values.length) {
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
            values[times.size()] = v;
            times.add(t);
        }

        Aligner.Observations observations() {
            return new Aligner.Observations(times, java.util.Arrays.copyOf(values, times.size()));
        }
    }

    /** A variable's name from its file name: the name without directories and without {@code .csv}. */
    static String variableName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.toLowerCase(Locale.ROOT).endsWith(".csv") ? base.substring(0, base.length() - 4) : base;
    }
}
