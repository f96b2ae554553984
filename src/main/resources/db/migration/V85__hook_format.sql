-- What a hook's requests carry (README "Hooks"): the CloudEvent itself, {"text": ...} (a line people read, for a
-- chat's incoming web hook), a body from the hook's own template, or a mail (a mailto: hook).
alter table alert_hook add column format text not null default 'cloudevents'
    check (format in ('cloudevents', 'chat', 'template', 'email'));
-- the Qute template of the template format, else null
alter table alert_hook add column template text;
