-- How each metric's windows are judged (Metrics Advisor's "aggregation of points in a granule", README "Aggregation
-- per metric"): a metric without a row is judged on its windows' mean. A row set back to 'mean' stays, so that
-- changed_at keeps saying when its series last had to relearn (a revision of a window judged before then is not
-- judged against that window's band, which is in the other aggregation's units).
create table metric_aggregation (
    metric      text        primary key,
    aggregation text        not null check (aggregation in ('mean', 'sum', 'count', 'min', 'max', 'last')),
    changed_at  timestamptz not null
);

-- The one value a window is judged on under its metric's aggregation (null: the mean), for every reader: the
-- scoring query, the state rebuild, change conditions, the chart and feedback. A single SQL expression marked
-- immutable, so the planner inlines it into each query instead of calling it per row.
create function window_value(aggregation text, count bigint, sum double precision, min double precision,
                             max double precision, last_value double precision) returns double precision
    language sql immutable parallel safe as $$
    select case aggregation
               when 'sum' then sum
               when 'count' then count::double precision
               when 'min' then min
               when 'max' then max
               when 'last' then last_value
               else sum / count
           end
$$;
