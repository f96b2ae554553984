-- A rule that replaces, for the series it covers, the rules without it (Metrics Advisor's series overrides): a strict
-- rule for one noisy host is then not undone by a broad rule over its metric (README "Overrides").
alter table alert_rule add column override boolean not null default false;
