-- How a silence ended: 'resumed' (a window after it was scored) or 'dismissed' (an operator closed it, e.g. for a
-- meter taken out of service; the same stop is not reported again).
alter table series_silence add column ended_by text;
update series_silence set ended_by = 'resumed' where ended_at is not null;
