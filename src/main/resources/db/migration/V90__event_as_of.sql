-- The window as of which series_state.open_event is known: the state's last window when the version that saved it
-- follows events. A version before V89 saves states without touching either column, so a state whose last window
-- has moved past event_as_of (a rollback, or an older replica beside a newer one in a rolling update), or one saved
-- before events were followed (null), has its event replayed from the stored results by its next run instead of
-- trusting a stale one or none (README "Upgrade and rollback").
-- A migration waits for the locks of running queries, and every query on the table waits behind it: give up after a
-- minute (the start fails, naming the lock, and the next start tries again) rather than stall the pipeline unseen.
set local lock_timeout = '60s';
alter table series_state add column event_as_of timestamptz;
