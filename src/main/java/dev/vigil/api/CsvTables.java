package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import dev.vigil.ingestion.InputRules;
import dev.vigil.time.IsoInstants;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the service's two CSV layouts: one table ({@code timestamp,var1,var2,...}) and one file per variable
 * ({@code timestamp,value}, the file name being the variable). Empty cells are missing values; anything else
 * that is not a number is a {@code VariableParseError} naming the variable and line.
 */
final class CsvTables {

    /** The service's limit of timestamps per variable. */
    static final int MAX_TIMESTAMPS = 1_000_000;
    /** Empty lines come through as records of one empty cell, so that every row knows the line it starts on. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true).get();

    private CsvTables() {
    }

    /** One table: the first column is the timestamp, every other column a variable named by its header. */
    static SourceData oneTable(String name, String text) {
        return read(name, text, (header, rows) -> {
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
            rows.forEach((lineNo, cells) -> {
                if (cells.size() != header.size()) {
                    throw new DataProblem("NumColumnsMismatch", "File " + name + ", line " + lineNo + ": "
                            + cells.size() + " columns where the header has " + header.size() + ".");
                }
                Instant t = time(name, lineNo, cells.get(0));
                for (int j = 0; j < vars.size(); j++) {
                    columns.get(j).add(name, vars.get(j), lineNo, t, cells.get(j + 1));
                }
            });
            Map<String, Aligner.Observations> out = new LinkedHashMap<>();
            for (int j = 0; j < vars.size(); j++) {
                out.put(vars.get(j), columns.get(j).observations());
            }
            return new SourceData(out);
        });
    }

    /** One variable's file: {@code timestamp,value}. */
    static Aligner.Observations variable(String fileName, String variable, String text) {
        variableName(fileName, "the variable name (the file name)", variable);
        return read(fileName, text, (header, rows) -> {
            if (header.size() != 2 || !header.get(0).equalsIgnoreCase("timestamp")
                    || !header.get(1).equalsIgnoreCase("value")) {
                throw new DataProblem("FileColumnsNotExist", "File " + fileName
                        + " must have the columns 'timestamp,value'; found '" + String.join(",", header) + "'.");
            }
            Column column = new Column();
            rows.forEach((lineNo, cells) -> {
                if (cells.size() != 2) {
                    throw new DataProblem("NumColumnsMismatch", "File " + fileName + ", line " + lineNo + ": "
                            + cells.size() + " columns where the header has 2.");
                }
                column.add(fileName, variable, lineNo, time(fileName, lineNo, cells.get(0)), cells.get(1));
            });
            return column.observations();
        });
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

    /** What a layout makes of a file's header and its rows. */
    private interface Layout<T> {
        T read(List<String> header, Rows rows);
    }

    /** The rows after the header, each with the line it starts on. */
    private interface Rows {
        void forEach(BiConsumer<Integer, List<String>> row);
    }

    /**
     * Parses RFC 4180 CSV (cells trimmed; a quoted cell may hold commas, doubled quotes and line breaks; empty lines
     * skipped) and hands the header and the rows to the layout; a malformed quote is a {@code VariableParseError}.
     */
    private static <T> T read(String name, String text, Layout<T> layout) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(stripBom(text))).setFormat(FORMAT)
                .get()) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = records.hasNext() ? records.next().toList() : List.of();
            if (header.size() == 1 && header.get(0).isEmpty() || header.isEmpty()) {
                throw new DataProblem("NoData", "File " + name + " is empty.");
            }
            return layout.read(header, row -> {
                int lineNo = (int) parser.getCurrentLineNumber() + 1;
                while (records.hasNext()) {
                    List<String> cells = records.next().toList();
                    if (cells.size() > 1 || !cells.get(0).isEmpty()) {
                        row.accept(lineNo, cells);
                    }
                    lineNo = (int) parser.getCurrentLineNumber() + 1;
                }
            });
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new DataProblem("VariableParseError", "File " + name + " is not valid CSV: " + e.getMessage());
        } catch (IOException e) {
            throw new DataProblem("ReadingFileError", "File " + name + " could not be read: " + e.getMessage());
        }
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
