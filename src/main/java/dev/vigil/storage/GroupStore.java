package dev.vigil.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.detection.multivariate.FillPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Group rules, the series that match them and their windows. Every call joins the caller's transaction. */
@ApplicationScoped
public class GroupStore {

    /** A series of one of a rule's metrics. */
    public record SeriesRef(long id, String metric, Map<String, String> dimensions) {
    }

    /** One window of one series as a group variable sees it: the rule's aggregate, and its revision. */
    public record WindowPoint(long seriesId, Instant start, double value, int revision) {
    }

    private static final TypeReference<Map<String, String>> DIMENSIONS = new TypeReference<>() {
    };
    private static final String COLUMNS = "name, metrics, by_dimensions, aggregate, fill_mode, fill_value, "
            + "training_span, step_seconds, source, revision";

    private final DataSource dataSource;

    public GroupStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<GroupRule> rules() {
        return query("select " + COLUMNS + " from group_rule order by name", ps -> {
        });
    }

    public Optional<GroupRule> rule(String name) {
        return query("select " + COLUMNS + " from group_rule where name = ?", ps -> ps.setString(1, name))
                .stream().findFirst();
    }

    /** Stores a new rule; false if one of that name exists. */
    public boolean insert(GroupRule r) {
        return update("""
                insert into group_rule (name, metrics, by_dimensions, aggregate, fill_mode, fill_value, training_span,
                    step_seconds, source) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", (c, ps) -> {
            ps.setString(1, r.name());
            bindDefinition(c, ps, 2, r);
            ps.setString(9, r.source());
        }) == 1;
    }

    /** Replaces a rule's definition; its revision moves on when the definition changed. False if there is none. */
    public boolean replace(GroupRule r) {
        return update("""
                update group_rule set metrics = ?, by_dimensions = ?, aggregate = ?, fill_mode = ?, fill_value = ?,
                    training_span = ?, step_seconds = ?, source = ?, updated_at = now(),
                    revision = revision + case when metrics = ? and by_dimensions = ? and aggregate = ?
                        and fill_mode = ? and fill_value = ? and training_span = ? and step_seconds = ? then 0 else 1 end
                where name = ?""", (c, ps) -> {
            bindDefinition(c, ps, 1, r);
            ps.setString(8, r.source());
            bindDefinition(c, ps, 9, r);
            ps.setString(16, r.name());
        }) == 1;
    }

    /** Deletes a rule with its models, states and results; false if there is none. */
    public boolean delete(String name) {
        update("delete from group_result where group_name = ?", (c, ps) -> ps.setString(1, name));
        return update("delete from group_rule where name = ?", (c, ps) -> ps.setString(1, name)) == 1;
    }

    /** Names of the rules that came from configuration. */
    public List<String> configured() {
        return rules().stream().filter(r -> GroupRule.CONFIG.equals(r.source())).map(GroupRule::name).toList();
    }

    /** Every series of the given metrics, with its dimensions. */
    public List<SeriesRef> series(List<String> metrics) {
        return series("select id, metric, dimensions::text from series where metric = any(?) order by series_key",
                "text", metrics.toArray());
    }

    /** These series (an entity's variables), with their dimensions. */
    public List<SeriesRef> series(long[] ids) {
        return series("select id, metric, dimensions::text from series where id = any(?) order by series_key",
                "bigint", Arrays.stream(ids).boxed().toArray());
    }

    private List<SeriesRef> series(String sql, String type, Object[] keys) {
        List<SeriesRef> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf(type, keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeriesRef(rs.getLong(1), rs.getString(2),
                            Json.mapper().readValue(rs.getString(3), DIMENSIONS)));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StorageException("could not read the series of a group", e);
        }
    }

    /**
     * The series' values on a grid of {@code step} from the epoch, for the cells starting in [from, to), ordered by
     * cell start: each cell aggregates the stored windows inside it by {@code aggregate} (the mean weighted by the
     * windows' counts, the sum of sums, the largest maximum, the latest value, ...), and its revision is the sum of
     * theirs, so a late reading or a late window of the cell changes it. With {@code step} the window size, a cell
     * is one window.
     */
    public List<WindowPoint> windows(long[] seriesIds, Instant from, Instant to, GroupAggregate aggregate,
                                     Duration step) {
        List<WindowPoint> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select w.series_id, to_timestamp(floor(extract(epoch from w.window_start) / ?) * ?) as cell, "
                        + aggregate.cellSql() + ", sum(w.revision) from window_aggregate w "
                        + "where w.series_id = any(?) and w.window_start >= ? and w.window_start < ? and w.count > 0 "
                        + "group by w.series_id, cell order by cell")) {
            ps.setLong(1, step.toSeconds());
            ps.setLong(2, step.toSeconds());
            ps.setArray(3, c.createArrayOf("bigint", Arrays.stream(seriesIds).boxed().toArray()));
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WindowPoint(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3),
                            rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the windows of a group", e);
        }
    }

    private static void bindDefinition(Connection c, PreparedStatement ps, int at, GroupRule r) throws SQLException {
        ps.setArray(at, c.createArrayOf("text", r.metrics().toArray()));
        ps.setArray(at + 1, c.createArrayOf("text", r.by().toArray()));
        ps.setString(at + 2, r.aggregate().name());
        ps.setString(at + 3, r.fill().mode().name());
        ps.setDouble(at + 4, r.fill().fixedValue());
        ps.setLong(at + 5, r.trainingSpan().toSeconds());
        ps.setLong(at + 6, r.step().toSeconds());
    }

    private interface Binder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private interface ParamBinder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not write a group rule", e);
        }
    }

    private List<GroupRule> query(String sql, ParamBinder binder) {
        List<GroupRule> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GroupRule(rs.getString(1), strings(rs.getArray(2)), strings(rs.getArray(3)),
                            GroupAggregate.valueOf(rs.getString(4)),
                            new FillPolicy(FillMode.valueOf(rs.getString(5)), rs.getDouble(6)),
                            Duration.ofSeconds(rs.getLong(7)), Duration.ofSeconds(rs.getLong(8)), rs.getString(9),
                            rs.getInt(10)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read group rules", e);
        }
    }

    private static List<String> strings(Array a) throws SQLException {
        return List.of((String[]) a.getArray());
    }
}
