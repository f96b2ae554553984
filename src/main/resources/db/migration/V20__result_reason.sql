-- Which feature made the detector flag a window (value, shape, level, volatility), so that a flag whose value lies
-- inside its own band says why; null when not flagged or for results scored before this column existed.
alter table anomaly_result add column reason text;
