-- Headers a hook's requests carry besides Vigil's own (README "Hooks"): an API gateway's key, an Authorization the
-- receiver asks for. Credentials, like the secret: the API shows their names only.
alter table alert_hook add column headers jsonb not null default '{}';
