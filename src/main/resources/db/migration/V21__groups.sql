-- Multivariate groups (README, "Groups"). A rule names the metrics that form the variables and the dimensions that
-- identify an entity; source 'config' rules are written from configuration at start-up and are read-only in the API.
-- revision counts updates, so models trained on an older form of the rule are known as such.
create table group_rule (
    name           text             primary key,
    metrics        text[]           not null,
    by_dimensions  text[]           not null,
    aggregate      text             not null,
    fill_mode      text             not null,
    fill_value     double precision not null default 0,
    training_span  bigint           not null, -- seconds
    source         text             not null check (source in ('api', 'config')),
    revision       integer          not null default 1,
    created_at     timestamptz      not null default now(),
    updated_at     timestamptz      not null default now()
);

-- One trained (or failed) model per entity and training; the active one scores. entity_id is the hash of the
-- entity key (group name plus its `by` values, printed like a series key). The unique key on the training span and
-- rule revision is the training claim: two replicas training the same entity for the same span insert once.
create table group_model (
    id              bigserial        primary key,
    group_name      text             not null references group_rule (name) on delete cascade,
    entity_id       bigint           not null,
    entity_key      text             not null,
    rule_revision   integer          not null,
    status          text             not null check (status in ('CREATED', 'RUNNING', 'READY', 'FAILED')),
    reason          text,
    notes           jsonb            not null default '[]',
    engine          text             not null,
    engine_version  integer          not null,
    variables       jsonb            not null, -- [{"variable", "seriesId"}] in column order
    train_from      timestamptz      not null,
    train_to        timestamptz      not null,
    rows_used       integer,
    quality         jsonb, -- per variable: missingRatio, constant, excluded
    components      integer,
    threshold       double precision,
    training_millis bigint,
    model           bytea,
    active          boolean          not null default false,
    created_at      timestamptz      not null default now(),
    finished_at     timestamptz,
    unique (group_name, entity_id, train_to, rule_revision)
);
create unique index group_model_one_active on group_model (group_name, entity_id) where active;
create index group_model_entity on group_model (group_name, entity_id, id desc);

-- The scoring state of an entity's active model (the engine's recent rows, a few KB) and how far it has scored.
create table group_state (
    group_name   text        not null references group_rule (name) on delete cascade,
    entity_id    bigint      not null,
    model_id     bigint      not null,
    last_window  timestamptz not null,
    state        bytea       not null,
    updated_at   timestamptz not null default now(),
    primary key (group_name, entity_id)
);

-- One judged row per entity and window. No foreign keys (results may be partitioned by time); revisions is the sum
-- of the windows' revisions the row was built from, so a late reading (a new or revised window) re-scores it.
create table group_result (
    group_name      text             not null,
    entity_id       bigint           not null,
    window_start    timestamptz      not null,
    model_id        bigint           not null,
    is_anomaly      boolean          not null,
    score           double precision not null,
    severity        double precision not null,
    revisions       bigint           not null,
    interpretation  jsonb            not null, -- every variable: contribution, value, expected, correlationChanges
    run_cutoff      timestamptz      not null,
    scored_at       timestamptz      not null default now(),
    primary key (group_name, entity_id, window_start)
);
create index group_result_anomalies on group_result (window_start desc) where is_anomaly;

-- Group alerts have no series: the outbox keeps their partition key itself.
alter table alert_outbox add column event_key text;
