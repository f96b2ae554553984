-- A group rule may align its variables on a coarser step than the stored window (hourly meters at PT1H): each row
-- of its grid aggregates the windows inside it. A model keeps the step it was trained at, so a rule whose step
-- changes goes on scoring with its trained models at their own step until they are retrained. 300 s: the window
-- every rule and model used before.
alter table group_rule add column step_seconds bigint not null default 300;
alter table group_model add column step_seconds bigint not null default 300;
