-- A change condition measured against the window that started this long before (README "Changes": the same time a
-- day or a week before) instead of the change_windows-th earlier window (then 0). Null: windows back.
alter table alert_rule add column change_ago_seconds bigint;
