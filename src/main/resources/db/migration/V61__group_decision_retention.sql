-- Retention prunes group decisions by window start in batches (vigil.retention.decisions, like alert_decision).
create index group_decision_window on group_decision (window_start);
