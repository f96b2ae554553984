-- A multivariate request's dataSource is a credential when it is a blob URL with a SAS token: it moves out of the
-- request JSON into a column of its own, stored sealed when vigil.secrets.keys is set (README "Multivariate
-- anomaly detection"); the next start seals what this copies across in clear.
alter table mv_model add column data_source text;
update mv_model set data_source = coalesce(request ->> 'dataSource', ''), request = request - 'dataSource';
alter table mv_model alter column data_source set not null;

alter table mv_result add column data_source text;
update mv_result set data_source = coalesce(request ->> 'dataSource', ''), request = request - 'dataSource';
alter table mv_result alter column data_source set not null;
