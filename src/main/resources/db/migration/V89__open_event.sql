-- The anomaly event a series is in, as JSON (ScoringStore.OpenEvent): its first flag's window, side, band edge,
-- severity, expected value and reason, its last window and how many windows it has lasted; null when none is open.
-- Kept beside the detector state, so a run goes on with the event the run before left open (README "Alert rules",
-- consecutive windows) without reading results back.
alter table series_state add column open_event text;
