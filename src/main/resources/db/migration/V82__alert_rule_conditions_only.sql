-- A rule that decides only what its own conditions (limits, change) flag, leaving the detector's flags of its series
-- to the rules that would decide them without it (README "Rules that only add conditions"); and a change condition
-- that flags values that did not move by more than its percentage (change_within: a frozen sensor).
alter table alert_rule add column conditions_only boolean not null default false,
    add column change_within boolean not null default false;
