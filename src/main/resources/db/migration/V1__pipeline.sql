-- A series is a metric plus its sorted dimensions; id is a stable 64-bit hash of the canonical key,
-- so every replica and the Kafka key agree on it without asking the database.
create table series (
    id          bigint primary key,
    series_key  text        not null unique,
    metric      text        not null,
    dimensions  jsonb       not null,
    first_seen  timestamptz not null default now()
);
create index series_metric on series (metric);

-- One row per series and window [window_start, window_start + size). Upserts merge, so late events revise it.
-- revision counts merges; scored_revision is the revision the detector last judged (null: never scored).
create table window_aggregate (
    series_id        bigint           not null references series (id),
    window_start     timestamptz      not null,
    count            bigint           not null,
    sum              double precision not null,
    min              double precision not null,
    max              double precision not null,
    last_value       double precision not null,
    last_ts          timestamptz      not null,
    revision         integer          not null default 1,
    revised_at       timestamptz,
    scored_revision  integer,
    primary key (series_id, window_start)
);
-- the detection run looks for windows whose latest revision has not been scored
create index window_aggregate_unscored on window_aggregate (window_start)
    where scored_revision is null or scored_revision < revision;

-- Kafka offsets committed in the same transaction as the aggregates: exactly-once aggregation.
create table ingest_offset (
    topic        text    not null,
    partition    integer not null,
    next_offset  bigint  not null,
    primary key (topic, partition)
);

-- CloudEvents already taken (source, id), kept for the configured horizon to drop redeliveries.
create table ingested_event (
    source      text        not null,
    id          text        not null,
    received_at timestamptz not null default now(),
    primary key (source, id)
);
create index ingested_event_received on ingested_event (received_at);

-- One row per detection run and shard; the insert that wins runs it, an expired lease lets another finish it.
create table detection_claim (
    run_cutoff    timestamptz not null,
    shard         integer     not null,
    claimed_by    text        not null,
    claimed_at    timestamptz not null default now(),
    lease_until   timestamptz not null,
    completed_at  timestamptz,
    windows_scored integer,
    anomalies     integer,
    primary key (run_cutoff, shard)
);

-- Compact per-series detector state, so a run reads O(new windows), not the history.
create table series_state (
    series_id     bigint      not null references series (id),
    detector      text        not null,
    version       integer     not null,
    last_window   timestamptz not null,
    state         bytea       not null,
    updated_at    timestamptz not null default now(),
    primary key (series_id, detector)
);

create table anomaly_result (
    series_id     bigint           not null references series (id),
    window_start  timestamptz      not null,
    detector      text             not null,
    detector_version integer       not null,
    value         double precision not null,
    expected      double precision,
    lower_bound   double precision,
    upper_bound   double precision,
    is_anomaly    boolean          not null,
    severity      double precision not null,
    score         double precision not null,
    warming_up    boolean          not null,
    contributors  jsonb,
    run_cutoff    timestamptz      not null,
    scored_at     timestamptz      not null default now(),
    primary key (series_id, window_start, detector)
);
create index anomaly_result_anomalies on anomaly_result (window_start desc) where is_anomaly;

-- Transactional outbox: written with the results, published after; the CloudEvent id is the row id.
create table alert_outbox (
    id            uuid        primary key,
    series_id     bigint      not null,
    payload       jsonb       not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index alert_outbox_pending on alert_outbox (created_at) where published_at is null;
