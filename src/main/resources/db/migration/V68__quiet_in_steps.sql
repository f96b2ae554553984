-- The data's step of each decided window: for a series the least gap between its last scored windows, for a group
-- entity its rule's step. Incidents count their quiet period in it (an hourly series is not quiet after two hours),
-- and the default rule looks for a weak anomaly's companion in it (README "Alert rules", "Incidents").
-- Decisions taken before this migration have none and count as the window size.
alter table alert_decision add column step_seconds integer;
alter table group_decision add column step_seconds integer;
-- the largest step of an incident's anomalies: its quiet period is max(quiet-period, quiet-windows x step)
alter table incident add column step_seconds integer not null default 0;
