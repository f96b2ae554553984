-- Capped decisions found by rule and hour like alerted ones: the first capped decision of a rule-hour sends the
-- hour's summary, and without an index that check read the whole partition once per decision, so a fleet-wide event
-- (every series flagged in one run) took time growing with the square of the flagged windows (BENCHMARKS.md,
-- "Detection at fleet scale", the storm rows).
create index alert_decision_capped on alert_decision (rule_id, window_start) where outcome = 'capped';
create index group_decision_capped on group_decision (rule_id, window_start) where outcome = 'capped';
