-- Feedback on group anomalies (README "Feedback"): a row is either a series' (series_id) or a group entity's
-- (group_name, entity_id, entity_key kept for display). A group entity's notAnomaly keeps its own pattern: the top
-- contributors of the marked windows, their largest score, and the minutes of the day they cover (shared columns).
alter table feedback alter column series_id drop not null;
alter table feedback add column group_name text, add column entity_id bigint, add column entity_key text,
    add column pattern_contributors text[], add column pattern_max_score double precision;
alter table feedback add constraint feedback_one_target check ((series_id is null) <> (group_name is null));
create index feedback_entity on feedback (group_name, entity_id, kind) where group_name is not null;
