-- A later migration, as any future one: it needs series_state's exclusive lock (MigrationLockTimeoutTest).
alter table series_state add column lock_probe integer;
