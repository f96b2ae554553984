-- Group anomalies pass the alert rules and join incidents like series anomalies (README "Alert rules", "Incidents").
-- A rule with group_name covers that group's entities (its dimension filter matched against an entity's dimensions:
-- its `by` values and the values all its series share); a rule without covers series, as before.
alter table alert_rule add column group_name text;

-- What each rule decided for each anomalous group window, written in the group scoring transaction; re-scoring
-- repeats it. entity_key and dimensions are kept so that incidents need not look the entity up. No foreign keys:
-- group_result is partitioned by time. rule_id 0 is the default rule.
create table group_decision (
    group_name    text             not null,
    entity_id     bigint           not null,
    window_start  timestamptz      not null,
    rule_id       bigint           not null,
    outcome       text             not null,
    severity      double precision not null,
    entity_key    text             not null,
    dimensions    jsonb            not null,
    decided_at    timestamptz      not null default now(),
    primary key (group_name, entity_id, window_start, rule_id)
);
create index group_decision_alerted on group_decision (rule_id, window_start) where outcome = 'alerted';
create index group_decision_decided on group_decision (decided_at);

-- Which incident holds which anomalous group window (one incident each), beside incident_anomaly for series.
create table incident_group_anomaly (
    group_name    text             not null,
    entity_id     bigint           not null,
    window_start  timestamptz      not null,
    incident_id   uuid             not null references incident (id) on delete cascade,
    severity      double precision not null,
    primary key (group_name, entity_id, window_start)
);
create index incident_group_anomaly_incident on incident_group_anomaly (incident_id, window_start);

alter table incident add column group_anomaly_count integer not null default 0;
