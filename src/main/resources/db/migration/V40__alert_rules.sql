-- Alert rules decide which anomalies become alerts (README "Alert rules"). A series matches a rule when the metric
-- (if set) is its metric and every dimension of the filter is one of its dimensions. No matching rule: the default
-- rule of vigil.alerting.default-rule.* applies.
create table alert_rule (
    id              bigserial        primary key,
    name            text             not null unique,
    metric          text,
    dimensions      jsonb            not null default '{}',
    min_severity    double precision not null,
    direction       text             not null,
    min_consecutive integer          not null,
    snooze_seconds  bigint           not null,
    max_per_hour    integer          not null,
    maintenance     jsonb            not null default '[]',
    enabled         boolean          not null default true,
    created_at      timestamptz      not null default now(),
    updated_at      timestamptz      not null default now()
);

-- What each rule decided for each anomalous window, written in the scoring transaction: re-scoring a window finds
-- its decision here and repeats it, snooze and the hourly cap count the alerted rows, and incidents are built from
-- the anomalies a rule let through (alerted, snoozed, capped). rule_id 0 is the default rule. No foreign keys:
-- anomaly_result may be partitioned by time.
create table alert_decision (
    series_id     bigint           not null,
    window_start  timestamptz      not null,
    rule_id       bigint           not null,
    outcome       text             not null,
    severity      double precision not null,
    decided_at    timestamptz      not null default now(),
    primary key (series_id, window_start, rule_id)
);
create index alert_decision_alerted on alert_decision (rule_id, window_start) where outcome = 'alerted';
-- the incident builder reads the anomalies rules let through that no incident holds yet
create index alert_decision_decided on alert_decision (decided_at);
