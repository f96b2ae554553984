-- Group results are partitioned by window_start like windows and results (V31): weekly partitions from the oldest
-- row (at most 400 days back) to two weeks ahead, a default partition for older rows, existing rows moved once.
-- Vigil keeps creating and dropping them (PartitionStore, vigil.retention.group-results).
create function vigil_create_partitions(parent text, since timestamptz, until timestamptz) returns void
language plpgsql as $$
declare
    lo timestamptz := to_timestamp(floor(extract(epoch from since) / 604800) * 604800);
begin
    while lo < until loop
        execute format('create table %I partition of %I for values from (%L) to (%L)',
                       parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMMDD'), parent, lo,
                       lo + interval '7 days');
        lo := lo + interval '7 days';
    end loop;
end $$;

alter table group_result rename to group_result_unpartitioned;
alter table group_result_unpartitioned drop constraint group_result_pkey;
drop index group_result_anomalies;

create table group_result (like group_result_unpartitioned including defaults) partition by range (window_start);
alter table group_result add primary key (group_name, entity_id, window_start);
create index group_result_anomalies on group_result (window_start desc) where is_anomaly;
create table group_result_default partition of group_result default;
select vigil_create_partitions('group_result',
    greatest(least(coalesce((select min(window_start) from group_result_unpartitioned), now()), now()),
             now() - interval '400 days'),
    greatest(coalesce((select max(window_start) from group_result_unpartitioned), now()), now())
        + interval '14 days');
insert into group_result select * from group_result_unpartitioned;
drop table group_result_unpartitioned;

drop function vigil_create_partitions(text, timestamptz, timestamptz);
