-- What a hook's requests carry (README "Hooks"): the CloudEvent itself, {"text": ...} (a line people read, for a
-- chat's incoming web hook), or a mail (a mailto: hook).
alter table alert_hook add column format text not null default 'cloudevents'
    check (format in ('cloudevents', 'chat', 'email'));
