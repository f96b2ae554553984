-- A detector state (about 5 KB of doubles) does not compress: storing it out of line without trying pglz first saves
-- that CPU on every state each run writes.
alter table series_state alter column state set storage external;
