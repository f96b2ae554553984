-- Events on the alerts topic that belong to no single series (incidents, cap summaries) carry their own Kafka key.
alter table alert_outbox alter column series_id drop not null;
alter table alert_outbox add column if not exists event_key text; -- also added by V21 (groups)

-- An incident: anomalies that rules let through, of series sharing a scope (an entity's dimensions, or one
-- dimension value such as feeder=f12) and close in time (README "Incidents"). The id is derived from the scope and
-- the first window, so a rebuild gives the same id; version counts the events published for it.
create table incident (
    id             uuid             primary key,
    scope          jsonb            not null,
    status         text             not null,
    first_window   timestamptz      not null,
    last_window    timestamptz      not null,
    peak_severity  double precision not null,
    series_count   integer          not null,
    anomaly_count  integer          not null,
    version        integer          not null,
    root_cause     jsonb            not null default '[]',
    opened_at      timestamptz      not null default now(),
    updated_at     timestamptz      not null default now(),
    resolved_at    timestamptz
);
create index incident_open on incident (last_window) where status = 'open';
create index incident_recent on incident (first_window desc);

-- Which incident holds which anomalous window; an anomaly belongs to one incident. No foreign key to the
-- partitioned results.
create table incident_anomaly (
    series_id     bigint           not null,
    window_start  timestamptz      not null,
    incident_id   uuid             not null references incident (id) on delete cascade,
    severity      double precision not null,
    primary key (series_id, window_start)
);
create index incident_anomaly_incident on incident_anomaly (incident_id, window_start);

-- incidents look up how many series share a dimension value
create index series_dimensions on series using gin (dimensions jsonb_path_ops);
