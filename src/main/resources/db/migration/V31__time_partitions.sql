-- Windows and results are partitioned by window_start, so that retention drops whole partitions (no delete, no
-- vacuum debt) and the tables stay bounded. Vigil creates partitions ahead of time and drops expired ones itself
-- (HousekeepingJob, vigil.retention.*). This migration moves the existing rows: it rewrites both tables once, which
-- takes about as long as copying them (plan the upgrade of a large installation accordingly).
--
-- Partitions are 7 days wide, aligned to whole multiples of 7 days since the epoch (Vigil continues from the highest
-- existing bound, whatever span it is configured with later), from the oldest row but at most 400 days back (the
-- default retention) to two weeks ahead. Older rows land in the default partition, which retention trims in batches.

create function vigil_week_start(t timestamptz) returns timestamptz language sql immutable as $$
    select to_timestamp(floor(extract(epoch from t) / 604800) * 604800)
$$;

-- the weekly partitions [from, until) of a table, named <table>_p<yyyymmdd of the lower bound, UTC>
create function vigil_create_partitions(parent text, since timestamptz, until timestamptz) returns void
language plpgsql as $$
declare
    lo timestamptz := vigil_week_start(since);
begin
    while lo < until loop
        execute format('create table %I partition of %I for values from (%L) to (%L)',
                       parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMMDD'), parent, lo,
                       lo + interval '7 days');
        lo := lo + interval '7 days';
    end loop;
end $$;

-- windows
alter table window_aggregate rename to window_aggregate_unpartitioned;
alter table window_aggregate_unpartitioned drop constraint window_aggregate_pkey;
alter table window_aggregate_unpartitioned drop constraint window_aggregate_series_id_fkey;
drop index window_aggregate_pending_s8;

create table window_aggregate (like window_aggregate_unpartitioned including defaults)
    partition by range (window_start);
alter table window_aggregate add primary key (series_id, window_start);
alter table window_aggregate add foreign key (series_id) references series (id);
create index window_aggregate_pending_s8
    on window_aggregate ((abs(window_aggregate.series_id % 8)), window_start, series_id)
    where (window_aggregate.scored_revision is null or window_aggregate.scored_revision < window_aggregate.revision);
create table window_aggregate_default partition of window_aggregate default;
select vigil_create_partitions('window_aggregate',
    greatest(least(coalesce((select min(window_start) from window_aggregate_unpartitioned), now()), now()),
             now() - interval '400 days'),
    greatest(coalesce((select max(window_start) from window_aggregate_unpartitioned), now()), now())
        + interval '14 days');
insert into window_aggregate select * from window_aggregate_unpartitioned;
drop table window_aggregate_unpartitioned;

-- results
alter table anomaly_result rename to anomaly_result_unpartitioned;
alter table anomaly_result_unpartitioned drop constraint anomaly_result_pkey;
alter table anomaly_result_unpartitioned drop constraint anomaly_result_series_id_fkey;
drop index anomaly_result_anomalies;
drop index anomaly_result_series_anomalies;
drop index anomaly_result_period_anomalies;

create table anomaly_result (like anomaly_result_unpartitioned including defaults)
    partition by range (window_start);
alter table anomaly_result add primary key (series_id, window_start, detector);
alter table anomaly_result add foreign key (series_id) references series (id);
create index anomaly_result_anomalies on anomaly_result (window_start desc) where is_anomaly;
create index anomaly_result_series_anomalies on anomaly_result (series_id, window_start) include (severity)
    where is_anomaly;
create index anomaly_result_period_anomalies on anomaly_result (window_start) include (series_id, severity)
    where is_anomaly;
create table anomaly_result_default partition of anomaly_result default;
select vigil_create_partitions('anomaly_result',
    greatest(least(coalesce((select min(window_start) from anomaly_result_unpartitioned), now()), now()),
             now() - interval '400 days'),
    greatest(coalesce((select max(window_start) from anomaly_result_unpartitioned), now()), now())
        + interval '14 days');
insert into anomaly_result select * from anomaly_result_unpartitioned;
drop table anomaly_result_unpartitioned;

drop function vigil_create_partitions(text, timestamptz, timestamptz);
drop function vigil_week_start(timestamptz);

-- a detector state is rewritten by every run: room on its page lets PostgreSQL update it in place (HOT)
alter table series_state set (fillfactor = 50);

-- pruning published alerts walks this index instead of the table
create index alert_outbox_published on alert_outbox (created_at) where published_at is not null;
