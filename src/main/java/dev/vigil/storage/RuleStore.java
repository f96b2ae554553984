package dev.vigil.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The alert rules in {@code alert_rule}. Calls join the caller's transaction. */
@ApplicationScoped
public class RuleStore {

    private static final String COLUMNS = "id, name, metric, dimensions::text, min_severity, direction, "
            + "min_consecutive, snooze_seconds, max_per_hour, maintenance::text, enabled, group_name, "
            + "silence_seconds, limit_lower, limit_upper, change_percent, change_windows, change_within, "
            + "conditions_only, change_ago_seconds, override";

    private final Jdbc jdbc;

    public RuleStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<AlertRule> all() {
        return jdbc.query("read alert rules", "select " + COLUMNS + " from alert_rule order by id", RuleStore::rule);
    }

    public List<AlertRule> enabled() {
        return jdbc.query("read alert rules", "select " + COLUMNS + " from alert_rule where enabled order by id",
                RuleStore::rule);
    }

    public Optional<AlertRule> find(long id) {
        return jdbc.query("read an alert rule", "select " + COLUMNS + " from alert_rule where id = ?",
                RuleStore::rule, id).stream().findFirst();
    }

    /**
     * Takes the rule names' lock for the rest of the transaction. Everything that creates, renames or deletes a rule,
     * or checks a name against the rules (a hook's rules, a deleted group's rules), takes it first, so no check
     * passes on a rule set another transaction is changing (two requests creating one name both found it free, and
     * the second got the unique index's 500).
     */
    public void lockNames() {
        jdbc.query("lock rule names", "select pg_advisory_xact_lock(7334, 0)", rs -> 1);
    }

    /** Whether another rule has this name; takes the rule names' lock first. */
    public boolean nameTaken(String name, long exceptId) {
        lockNames();
        return jdbc.count("check a rule name", "select count(*) from alert_rule where name = ? and id <> ?", name,
                exceptId) > 0;
    }

    /** How many rules are stored, enabled or not. */
    public long count() {
        return jdbc.count("count alert rules", "select count(*) from alert_rule");
    }

    /** Stores a new rule (its id is ignored) and returns it with the id given. */
    public AlertRule create(AlertRule r) {
        long id = jdbc.query("store an alert rule", """
                insert into alert_rule (name, metric, dimensions, min_severity, direction, min_consecutive,
                    snooze_seconds, max_per_hour, maintenance, enabled, group_name, silence_seconds, limit_lower,
                    limit_upper, change_percent, change_windows, change_within, conditions_only, change_ago_seconds,
                    override)
                values (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id""", rs -> rs.getLong(1), values(r)).get(0);
        return find(id).orElseThrow();
    }

    /** Replaces a rule; false if there is none with that id. */
    public boolean replace(long id, AlertRule r) {
        Object[] v = values(r);
        Object[] args = java.util.Arrays.copyOf(v, v.length + 1);
        args[v.length] = id;
        return jdbc.update("update an alert rule", """
                update alert_rule set name = ?, metric = ?, dimensions = ?::jsonb, min_severity = ?, direction = ?,
                    min_consecutive = ?, snooze_seconds = ?, max_per_hour = ?, maintenance = ?::jsonb, enabled = ?,
                    group_name = ?, silence_seconds = ?, limit_lower = ?, limit_upper = ?, change_percent = ?,
                    change_windows = ?, change_within = ?, conditions_only = ?, change_ago_seconds = ?,
                    override = ?, updated_at = now()
                where id = ?""", args) == 1;
    }

    /** The names of the hooks that list this rule name in their {@code rules}, in order. */
    public List<String> hooksNaming(String ruleName) {
        return jdbc.query("find hooks naming a rule", "select name from alert_hook where ? = any(rules) order by name",
                rs -> rs.getString(1), ruleName);
    }

    /** The names of the stored rules scoped to this group, in order. */
    public List<String> namingGroup(String group) {
        return jdbc.query("find rules of a group", "select name from alert_rule where group_name = ? order by name",
                rs -> rs.getString(1), group);
    }

    public boolean delete(long id) {
        return jdbc.update("delete an alert rule", "delete from alert_rule where id = ?", id) == 1;
    }

    private static Object[] values(AlertRule r) {
        return new Object[] {r.name(), r.metric(), Json.write(r.dimensions()), r.minSeverity(), r.direction(),
                r.minConsecutive(), r.snooze().toSeconds(), r.maxPerHour(), Json.write(r.maintenance()),
                r.enabled(), r.group(), r.silence() == null ? null : (int) r.silence().toSeconds(),
                r.limits() == null ? null : r.limits().lower(), r.limits() == null ? null : r.limits().upper(),
                r.change() == null ? null : r.change().percent(), r.change() == null ? null : r.change().windows(),
                r.change() != null && r.change().within(), r.conditionsOnly(),
                r.change() == null || r.change().ago() == null ? null : r.change().ago().toSeconds(), r.override()};
    }

    private static AlertRule rule(ResultSet rs) throws SQLException {
        try {
            Map<String, String> dims = Json.dimensions(rs.getString(4));
            List<AlertRule.Maintenance> maintenance = Json.mapper().readValue(rs.getString(10),
                    new TypeReference<>() { });
            Integer silence = rs.getObject(13, Integer.class);
            Double lower = rs.getObject(14, Double.class);
            Double upper = rs.getObject(15, Double.class);
            Double percent = rs.getObject(16, Double.class);
            Long ago = rs.getObject(20, Long.class);
            return new AlertRule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(12), dims,
                    rs.getDouble(5), rs.getString(6), rs.getInt(7), Duration.ofSeconds(rs.getLong(8)), rs.getInt(9),
                    maintenance, rs.getBoolean(11), 0, 0, silence == null ? null : Duration.ofSeconds(silence),
                    lower == null && upper == null ? null : new AlertRule.Limits(lower, upper),
                    percent == null ? null : new AlertRule.Change(percent, rs.getInt(17),
                            ago == null ? null : Duration.ofSeconds(ago), rs.getBoolean(18)), rs.getBoolean(19),
                    rs.getBoolean(21));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("alert_rule " + rs.getLong(1) + " holds malformed JSON", e);
        }
    }
}
