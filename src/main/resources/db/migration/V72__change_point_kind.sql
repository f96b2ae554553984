-- Change points of two kinds: 'level' (the series' level stepped) and 'trend' (its slope changed). Rows written
-- before this migration were all level shifts.
alter table change_point add column kind text not null default 'level' check (kind in ('level', 'trend'));
