-- Ingestion merges a window several times while its readings arrive (once per poll or request that holds one of
-- them). Each merge bumped `revision`, a column of the pending index's predicate, so PostgreSQL could never update a
-- window in place (HOT): every merge wrote a new heap tuple plus an entry in the primary key and in the pending
-- index. A flag set by the merge and cleared by the scorer carries the same fact, "latest revision not scored":
-- for a window not yet scored the merge leaves it as it was, so the merge touches no indexed column and, with room
-- left on the page (fillfactor), stays on it. Invariant: pending = (scored_revision is null or scored_revision < revision).
alter table window_aggregate add column pending boolean not null default false;
alter table window_aggregate alter column pending set default true;
update window_aggregate set pending = true where scored_revision is null or scored_revision < revision;

-- every per-shard pending index (the default's s8, and any a replica created for another shard count) had the old
-- predicate; the default's is rebuilt here, the others by their replicas at start
do $$
declare i record;
begin
    for i in select indexname from pg_indexes
             where schemaname = current_schema() and tablename = 'window_aggregate'
               and indexname like 'window\_aggregate\_pending\_s%'
    loop
        execute format('drop index %I', i.indexname);
    end loop;
end $$;
create index window_aggregate_pending_s8
    on window_aggregate ((abs(window_aggregate.series_id % 8)), window_start, series_id) where pending;

-- room on each page for the merges' new versions (new partitions get it from PartitionStore)
do $$
declare p record;
begin
    for p in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
             where i.inhparent = 'window_aggregate'::regclass
    loop
        execute format('alter table %I set (fillfactor = 80)', p.relname);
    end loop;
end $$;
