-- The dashboard's series list shows each series' anomalies in a period and can sort by them.
-- Both indexes hold anomalies only (a small share of the results), so scoring pays little for them, and both
-- carry severity so the list's counts come from index-only scans.

-- per series, for a page sorted by key: count/max(severity) of the page's 50 series
create index anomaly_result_series_anomalies on anomaly_result (series_id, window_start) include (severity)
    where is_anomaly;

-- per period, for a list sorted by anomaly count or severity: every anomaly in the period, grouped by series
create index anomaly_result_period_anomalies on anomaly_result (window_start) include (series_id, severity)
    where is_anomaly;
