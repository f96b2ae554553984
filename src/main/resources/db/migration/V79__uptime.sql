-- Each Vigil process's time up: started_at when it started, seen_at at its last silence pass. A gap in their union
-- is a spell in which no replica listened; a series' silence is not counted over it (README "Silence").
create table vigil_uptime (
    process_id text        primary key,
    started_at timestamptz not null,
    seen_at    timestamptz not null
);
