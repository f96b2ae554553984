-- The data's step of each series as its last run saw it (the least gap between the windows it scored, from the
-- one scored before them): silence is counted in it, so an hourly series is not silent after 30 minutes.
-- 0: not known yet (one window so far).
alter table series_state add column step_seconds integer not null default 0;

-- A series that stopped sending data: one row per episode, opened by the silence pass after a detection run and
-- ended by the first window stored after it. At most one open episode per series. outcome: whether its events
-- were sent ('alerted'), held by a rule's maintenance period ('maintenance') or by the pass's cap ('capped').
create table series_silence (
    series_id      bigint      not null references series (id),
    last_window    timestamptz not null,
    step_seconds   integer     not null,
    detected_at    timestamptz not null,
    outcome        text        not null,
    ended_at       timestamptz,
    resumed_window timestamptz,
    primary key (series_id, last_window)
);
create unique index series_silence_open on series_silence (series_id) where ended_at is null;
create index series_silence_ended on series_silence (ended_at) where ended_at is not null;
