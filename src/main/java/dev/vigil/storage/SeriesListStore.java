package dev.vigil.storage;

import dev.vigil.aggregation.SeriesKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The series list with each series' anomaly count, highest severity and latest anomaly in a period, filtered by
 * metric and key text and paged on the server. Sorting by key reads only the page's stats (one index probe per
 * row); sorting by anomalies aggregates the period's anomalies, which the partial indexes of V2 keep small.
 */
@ApplicationScoped
public class SeriesListStore {

    /** Sort orders; each ends with the key, so pages are stable. */
    public enum Order {
        KEY("s.series_key"),
        ANOMALIES("coalesce(a.anomalies, 0) desc, coalesce(a.max_severity, 0) desc, s.series_key"),
        SEVERITY("coalesce(a.max_severity, 0) desc, coalesce(a.anomalies, 0) desc, s.series_key");

        final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    /** One series of the list (its id as text: ids exceed JavaScript's integers) with its anomalies in the period. */
    public record SeriesRow(String id, String key, String metric, Object dimensions, Instant firstSeen,
                            long anomalies, double maxSeverity, Instant lastAnomaly) {
    }

    /** One page of rows and the number of series that match the filter. */
    public record Page(List<SeriesRow> items, long total) {
    }

    private static final String COLUMNS = """
            s.id::text as id, s.series_key as key, s.metric, s.dimensions::text as dimensions,
            s.first_seen as "firstSeen", coalesce(a.anomalies, 0) as anomalies,
            coalesce(a.max_severity, 0) as "maxSeverity", a.last_anomaly as "lastAnomaly"
            """;

    private final DataSource dataSource;

    public SeriesListStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param metric exact metric, or null for all
     * @param text   case-insensitive substrings of the series key (metric and dimensions), all of which it must hold
     *               ({@link #terms}), or null
     */
    public Page page(String metric, String text, Order order, Instant since, Instant until, int offset, int limit) {
        List<Object> filter = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        if (metric != null && !metric.isBlank()) {
            where.append(" and s.metric = ?");
            filter.add(metric);
        }
        for (String term : text == null ? List.<String>of() : terms(text.toLowerCase(Locale.ROOT))) {
            List<String> forms = keyForms(term);
            where.append(" and (").append(String.join(" or ", Collections.nCopies(forms.size(),
                    "lower(s.series_key) like ?"))).append(')');
            forms.forEach(f -> filter.add("%" + escapeLike(f) + "%"));
        }
        List<Object> args = new ArrayList<>();
        String sql;
        if (order == Order.KEY) {
            args.addAll(filter);
            args.addAll(List.of(offset, limit, Timestamp.from(since), Timestamp.from(until)));
            sql = "select " + COLUMNS + """
                    from (select * from series s where %s order by s.series_key offset ? limit ?) s
                    left join lateral (select count(*) as anomalies, max(severity) as max_severity,
                                              max(window_start) as last_anomaly
                                       from anomaly_result r where r.series_id = s.id and r.is_anomaly
                                         and r.window_start >= ? and r.window_start < ?) a on true
                    order by s.series_key""".formatted(where);
        } else {
            args.addAll(List.of(Timestamp.from(since), Timestamp.from(until)));
            args.addAll(filter);
            args.addAll(List.of(offset, limit));
            sql = """
                    with a as (select series_id, count(*) as anomalies, max(severity) as max_severity,
                                      max(window_start) as last_anomaly
                               from anomaly_result where is_anomaly and window_start >= ? and window_start < ?
                               group by series_id)
                    select
                    """ + COLUMNS + """
                    from series s left join a on a.series_id = s.id
                    where %s order by %s offset ? limit ?""".formatted(where, order.sql);
        }
        List<SeriesRow> items = Rows.query(dataSource, rs -> new SeriesRow(rs.getString("id"), rs.getString("key"),
                rs.getString("metric"), Json.read(rs.getString("dimensions")), Rows.instant(rs, "firstSeen"),
                rs.getLong("anomalies"), rs.getDouble("maxSeverity"), Rows.instant(rs, "lastAnomaly")), sql,
                args.toArray());
        long total = Rows.number(dataSource, "select count(*) from series s where " + where, filter.toArray());
        return new Page(items, total);
    }

    /**
     * The search text's terms: its words, and the pairs of a scope written as one ({@code region=eu-west,dc=dc1}),
     * which the key holds in its own order, not side by side. A comma inside a value ({@code host=a,b}: a part without
     * {@code =}) keeps the word whole. Double quotes keep spaces and commas inside a term ({@code "host=a b"} or
     * {@code host="a b"}: a value with a space is one term, not two that any key holding both words would match); an
     * unclosed quote runs to the end.
     */
    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        List<String> parts = new ArrayList<>(); // the word's parts between unquoted commas
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (c == '"' && i < text.length()) {
                quoted = !quoted;
            } else if (quoted && i < text.length()) {
                part.append(c);
            } else if (c == ',') {
                parts.add(part.toString());
                part.setLength(0);
            } else if (Character.isWhitespace(c)) {
                parts.add(part.toString());
                part.setLength(0);
                word(parts, terms);
                parts.clear();
            } else {
                part.append(c);
            }
        }
        return terms;
    }

    private static void word(List<String> parts, List<String> terms) {
        int n = parts.size();
        while (n > 1 && parts.get(n - 1).isEmpty()) {
            n--; // a trailing comma ends a scope: region=eu,dc=dc1,
        }
        List<String> pairs = parts.subList(0, n);
        if (pairs.size() > 1 && pairs.stream().allMatch(p -> p.indexOf('=') > 0)) {
            terms.addAll(pairs);
        } else {
            String word = String.join(",", parts);
            if (!word.isEmpty()) {
                terms.add(word);
            }
        }
    }

    /**
     * The search text as typed and as the key would print it: the key escapes {@code \ { } , =} in names and
     * values, so {@code host=a=b} (a value holding {@code =}, shown so on the page) is {@code host=a\=b} in the key,
     * and {@code onerror=alert} inside a value is {@code onerror\=alert}.
     */
    static List<String> keyForms(String text) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(text);
        forms.add(SeriesKey.escape(text));
        int eq = text.indexOf('=');
        if (eq >= 0) {
            forms.add(SeriesKey.escape(text.substring(0, eq)) + "=" + SeriesKey.escape(text.substring(eq + 1)));
        }
        return List.copyOf(forms);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
