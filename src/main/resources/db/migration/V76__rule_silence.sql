-- A rule's own silence threshold for the series it covers (README "Silence"): null takes the default
-- (max(vigil.silence.after, vigil.silence.windows x step)), 0 turns silence off for them.
alter table alert_rule add column silence_seconds integer;
