-- Each shard finds its windows to score through this index, oldest first, stopping at the run's budget: a range
-- scan whatever the backlog or history. The expression must equal the detection run's query constant included
-- (abs(series_id % shards), 8 being the default shard count); a replica configured with another count creates
-- its own index at start (ScoringStore.ensurePendingIndex). It replaces the index on window_start alone, which made
-- every shard read the pending windows of all shards.
create index if not exists window_aggregate_pending_s8
    on window_aggregate ((abs(window_aggregate.series_id % 8)), window_start, series_id)
    where (window_aggregate.scored_revision is null or window_aggregate.scored_revision < window_aggregate.revision);
drop index window_aggregate_unscored;
