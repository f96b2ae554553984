package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the alert rules decided per anomalous group window ({@code group_decision}), written in the group scoring
 * transaction, the twin of {@link DecisionStore} for entities. Calls join the caller's transaction.
 */
@ApplicationScoped
public class GroupDecisionStore {

    /** One rule's decision on one anomalous window of an entity, with what incidents need of the entity. */
    public record GroupDecision(String group, long entityId, Instant windowStart, long ruleId, String outcome,
                                double severity, String entityKey, Map<String, String> dimensions) {
    }

    private final Jdbc jdbc;

    public GroupDecisionStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** The decisions already taken for an entity's window, rule id to outcome (a re-scored window repeats them). */
    public Map<Long, String> existing(String group, long entityId, Instant windowStart) {
        Map<Long, String> out = new HashMap<>();
        jdbc.query("read group alert decisions", "select rule_id, outcome from group_decision where group_name = ? "
                + "and entity_id = ? and window_start = ?", rs -> out.put(rs.getLong(1), rs.getString(2)), group,
                entityId, windowStart);
        return out;
    }

    /** Stores a decision with the entity's step (its rule's), which incidents count in. */
    public void add(GroupDecision d, Duration step) {
        jdbc.update("store a group alert decision", """
                insert into group_decision (group_name, entity_id, window_start, rule_id, outcome, severity, entity_key,
                    dimensions, step_seconds) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict do nothing""",
                d.group(), d.entityId(), d.windowStart(), d.ruleId(), d.outcome(), d.severity(), d.entityKey(),
                Json.write(d.dimensions()), (int) step.getSeconds());
    }

    /**
     * Deletes up to {@code batch} decisions of windows before {@code horizon}; returns how many. Group decisions are
     * few (anomalous group windows only), so they are pruned in batches instead of partitioned.
     */
    public int pruneBefore(Instant horizon, int batch) {
        return jdbc.update("prune group alert decisions", """
                delete from group_decision where ctid = any(array(
                    select ctid from group_decision where window_start < ? limit ?))""", horizon, batch);
    }

    /** The newest window before {@code before} for which this rule alerted on this entity, or null. */
    public Instant lastAlert(long ruleId, String group, long entityId, Instant before) {
        return jdbc.query("read the last group alert", """
                select max(window_start) from group_decision
                where rule_id = ? and group_name = ? and entity_id = ? and outcome = 'alerted' and window_start < ?""",
                rs -> Jdbc.instant(rs, 1), ruleId, group, entityId, before).get(0);
    }

    /**
     * How often this rule decided {@code outcome} for group windows in {@code [from, from + span)}, counting no further
     * than {@code atMost} (as {@link DecisionStore#count}).
     */
    public long count(long ruleId, String outcome, Instant from, Duration span, int atMost) {
        return jdbc.count("count group alert decisions", """
                select count(*) from (select 1 from group_decision
                where rule_id = ? and outcome = ? and window_start >= ? and window_start < ? limit ?) d""",
                ruleId, outcome, from, from.plus(span), Math.max(1, atMost));
    }

    /** How many of these windows (entity and start, pairwise) of the group any rule alerted on. */
    public long alertedWindows(String group, Long[] entityIds, Instant[] windowStarts) {
        return jdbc.count("count the alerted group windows among some", """
                select count(*) from (select distinct d.entity_id, d.window_start from group_decision d
                join unnest(?::bigint[], ?::timestamptz[]) w(entity_id, window_start)
                  on d.entity_id = w.entity_id and d.window_start = w.window_start
                where d.group_name = ? and d.outcome = 'alerted') a""", entityIds, windowStarts, group);
    }

    /** Anomalous windows of the entity in {@code [from, before)} (consecutive runs). */
    public long anomalousBefore(String group, long entityId, Instant from, Instant before) {
        return jdbc.count("count anomalous group windows", """
                select count(*) from group_result
                where group_name = ? and entity_id = ? and is_anomaly and window_start >= ? and window_start < ?""",
                group, entityId, from, before);
    }
}
