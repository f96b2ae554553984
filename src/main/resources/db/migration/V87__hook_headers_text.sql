-- A hook's extra headers are credentials and are stored sealed like its secret and URL when vigil.secrets.keys is
-- set (README "Hooks"): a sealed value is text, not JSON, so the column holds the JSON object's text.
alter table alert_hook alter column headers drop default;
alter table alert_hook alter column headers type text using headers::text;
alter table alert_hook alter column headers set default '{}';
