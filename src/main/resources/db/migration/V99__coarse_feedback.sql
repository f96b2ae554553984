-- A notAnomaly pattern of a coarse series (README "Coarse series"): every daily reading lies at the same time of
-- day, so the time of day tells nothing; such a pattern matches the marked windows' days of the week (a bit per
-- ISO day, Monday = 1) and only until pattern_until. Null on the patterns of other series.
alter table feedback add column pattern_weekdays int, add column pattern_until timestamptz;
