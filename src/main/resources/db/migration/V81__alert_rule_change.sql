-- A rule's change condition (README "Changes"): a window whose value moved more than change_percent percent from
-- its series' change_windows-th earlier window is flagged (reason 'change'). Null: none. Both or neither.
alter table alert_rule add column change_percent double precision, add column change_windows integer,
    add constraint alert_rule_change_whole check ((change_percent is null) = (change_windows is null));
