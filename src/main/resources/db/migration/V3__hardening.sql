-- A series whose scoring failed (its detector threw, its state would not restore, its rows would not store) waits
-- here instead of blocking its shard; runs skip it until retry_after, which backs off with every failure.
create table series_quarantine (
    series_id     bigint      primary key references series (id),
    error         text        not null,
    failures      integer     not null,
    first_failed  timestamptz not null default now(),
    last_failed   timestamptz not null default now(),
    retry_after   timestamptz not null
);

-- a shard that could not finish says why; quarantined counts the series it set aside
alter table detection_claim add column failure text;
alter table detection_claim add column quarantined integer not null default 0;
