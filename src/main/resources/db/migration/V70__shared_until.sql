-- The last window at which a many-entity incident's scope was found shared (more anomalous entities than chance
-- explains, README "Incidents"): single anomalies of its scope join it only within the coincidence span of its
-- span up to here, so that chance flags of a large scope (the fleet) do not chain it on for days. Null for an
-- incident of one entity, and for incidents opened before this migration (they keep joining by quiet period).
alter table incident add column shared_until timestamptz;
