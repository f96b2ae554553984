-- A hook's maxAge (README "Hooks"): an anomaly whose window ended longer than this before it was written (a
-- backfill's, a catch-up's) is not sent to the hook. Null: every event is sent, as before. Whole seconds.
alter table alert_hook add column max_age_seconds bigint check (max_age_seconds > 0);

-- Such an event still gets its row, state 'skipped', written in the same statement as the others, so the hook shows
-- that it was held back (and POST .../retry sends it after all); pruned with the delivered and failed ones.
alter table hook_delivery drop constraint hook_delivery_state_check;
alter table hook_delivery add constraint hook_delivery_state_check
    check (state in ('pending', 'delivered', 'failed', 'skipped'));
