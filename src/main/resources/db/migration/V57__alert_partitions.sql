-- Alert decisions and incident anomalies grow with every anomalous window, like results: they are partitioned by
-- window_start the same way (V31, V33): weekly partitions from the oldest row (at most 400 days back) to two weeks
-- ahead, a default partition for older rows, existing rows moved once. Vigil keeps creating and dropping them
-- (PartitionStore, vigil.retention.decisions and vigil.retention.incidents).
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

-- decisions
alter table alert_decision rename to alert_decision_unpartitioned;
alter table alert_decision_unpartitioned drop constraint alert_decision_pkey;
drop index alert_decision_alerted;
drop index alert_decision_decided;

create table alert_decision (like alert_decision_unpartitioned including defaults) partition by range (window_start);
alter table alert_decision add primary key (series_id, window_start, rule_id);
create index alert_decision_alerted on alert_decision (rule_id, window_start) where outcome = 'alerted';
create index alert_decision_decided on alert_decision (decided_at);
create table alert_decision_default partition of alert_decision default;
select vigil_create_partitions('alert_decision',
    greatest(least(coalesce((select min(window_start) from alert_decision_unpartitioned), now()), now()),
             now() - interval '400 days'),
    greatest(coalesce((select max(window_start) from alert_decision_unpartitioned), now()), now())
        + interval '14 days');
insert into alert_decision select * from alert_decision_unpartitioned;
drop table alert_decision_unpartitioned;

-- incident anomalies (the incidents themselves are few; retention deletes resolved ones in batches)
alter table incident_anomaly rename to incident_anomaly_unpartitioned;
alter table incident_anomaly_unpartitioned drop constraint incident_anomaly_pkey;
alter table incident_anomaly_unpartitioned drop constraint incident_anomaly_incident_id_fkey;
drop index incident_anomaly_incident;

create table incident_anomaly (like incident_anomaly_unpartitioned including defaults)
    partition by range (window_start);
alter table incident_anomaly add primary key (series_id, window_start);
alter table incident_anomaly add foreign key (incident_id) references incident (id) on delete cascade;
create index incident_anomaly_incident on incident_anomaly (incident_id, window_start);
create table incident_anomaly_default partition of incident_anomaly default;
select vigil_create_partitions('incident_anomaly',
    greatest(least(coalesce((select min(window_start) from incident_anomaly_unpartitioned), now()), now()),
             now() - interval '400 days'),
    greatest(coalesce((select max(window_start) from incident_anomaly_unpartitioned), now()), now())
        + interval '14 days');
insert into incident_anomaly select * from incident_anomaly_unpartitioned;
drop table incident_anomaly_unpartitioned;

drop function vigil_create_partitions(text, timestamptz, timestamptz);

-- resolved incidents past retention are found by their last window
create index incident_resolved on incident (last_window) where status = 'resolved';
