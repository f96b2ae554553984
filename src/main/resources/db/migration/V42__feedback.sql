-- Feedback on anomalies, incidents or time ranges of a series (README "Feedback"), with the name of the key that
-- gave it. One row per series: feedback on an incident is stored for each of its series.
create table feedback (
    id                    bigserial        primary key,
    series_id             bigint           not null,
    incident_id           uuid,
    range_start           timestamptz      not null,
    range_end             timestamptz      not null,
    kind                  text             not null,
    comment               text,
    given_by              text             not null,
    created_at            timestamptz      not null default now(),
    -- notAnomaly: the pattern that no longer alerts (sign of the deviation, 0 both; largest |deviation|; the
    -- minutes of the day it covers, from > to when it spans midnight)
    pattern_sign          smallint,
    pattern_max_deviation double precision,
    pattern_from_minute   integer,
    pattern_to_minute     integer,
    -- changePoint: the level shift applied to the series' detector state, in the series' units (null: relearned)
    rebase_delta          double precision
);
create index feedback_series on feedback (series_id, kind);
create index feedback_incident on feedback (incident_id) where incident_id is not null;
