-- An anomaly is settled once an incident holds it, or once it was held back alone (a weak anomaly without a
-- companion) for longer than anything could still join it: its quiet period and coincidence span counted in its
-- step, before the pass's cutoff. Incident passes read only unsettled anomalies (README "Incidents"), so a held
-- lone flag is not read again for the two days of the look-back.
alter table alert_decision add column settled boolean not null default false;
alter table group_decision add column settled boolean not null default false;
create index alert_decision_unsettled on alert_decision (decided_at)
    where not settled and outcome in ('alerted', 'snoozed', 'capped', 'unconfirmed');
create index group_decision_unsettled on group_decision (decided_at)
    where not settled and outcome in ('alerted', 'snoozed', 'capped', 'unconfirmed');
-- what incidents hold already, within the look-back (older decisions are never read again)
update alert_decision d set settled = true where d.decided_at >= now() - interval '2 days'
    and exists (select 1 from incident_anomaly ia where ia.series_id = d.series_id and ia.window_start = d.window_start);
update group_decision d set settled = true where d.decided_at >= now() - interval '2 days'
    and exists (select 1 from incident_group_anomaly ia where ia.group_name = d.group_name
                and ia.entity_id = d.entity_id and ia.window_start = d.window_start);
