-- The dimension value (JSON object; {} for the fleet) a silence was found shared with, as incidents choose one:
-- a feeder whose meters all stopped is reported once for the feeder. Null for a silence reported alone.
alter table series_silence add column scope text;
