-- Change points (level shifts) as their own result kind: one row per window whose verdict said the level shifted
-- (reason 'level'), written in the transaction that stores the window's result and removed with it if a re-scored
-- revision no longer says so. Few rows (a series shifts level now and then), so no partitions: retention deletes
-- them in batches by window start, with the same horizon as results (vigil.retention.results).
create table change_point (
    series_id        bigint           not null references series (id),
    window_start     timestamptz      not null,
    detector         text             not null,
    detector_version int              not null,
    value            double precision not null,
    level_before     double precision,
    magnitude        double precision not null,
    direction        text             not null check (direction in ('up', 'down')),
    severity         double precision not null,
    score            double precision not null,
    run_cutoff       timestamptz      not null,
    recorded_at      timestamptz      not null default now(),
    primary key (series_id, window_start, detector)
);
create index change_point_window_start on change_point (window_start);
