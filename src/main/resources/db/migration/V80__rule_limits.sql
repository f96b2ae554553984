-- A rule's fixed bounds for the window values of the series it covers (README "Limits"): a window below
-- limit_lower or above limit_upper is flagged (reason 'limit') whatever the detector learned. Null: no bound.
alter table alert_rule add column limit_lower double precision, add column limit_upper double precision;
