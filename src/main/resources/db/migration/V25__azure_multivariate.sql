-- The Azure-compatible multivariate API (README, "Azure compatibility"): trained models and batch results.
-- A job (training a model, a batch detection) is claimed by one replica with a lease that its heartbeat renews; a
-- job whose lease ran out (its replica died or restarted) is taken over, and after max-attempts it fails with a
-- reason, so nothing stays RUNNING forever.
create table mv_model (
    id            uuid        primary key,
    status        varchar(8)  not null check (status in ('CREATED', 'RUNNING', 'READY', 'FAILED')),
    display_name  varchar(24),
    -- the train request as received (GA ModelInfo fields, normalised), the errors and the diagnostics, as JSON
    request       jsonb       not null,
    errors        jsonb       not null default '[]',
    diagnostics   jsonb,
    variables     integer     not null default 0,
    -- the engine's snapshot (MultivariateModel.snapshot) and what scoring needs beside it
    engine        varchar(32),
    engine_version integer,
    snapshot      bytea,
    step_seconds  bigint,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    claimed_by    varchar(128),
    lease_until   timestamptz,
    attempts      integer     not null default 0
);
create index mv_model_created on mv_model (created_at, id);
create index mv_model_pending on mv_model (status) where status in ('CREATED', 'RUNNING');

create table mv_result (
    id            uuid        primary key,
    model_id      uuid        not null,
    status        varchar(8)  not null check (status in ('CREATED', 'RUNNING', 'READY', 'FAILED')),
    -- the detection request (setupInfo), the errors, the variable states and the per-timestamp results, as JSON
    request       jsonb       not null,
    errors        jsonb       not null default '[]',
    variable_states jsonb     not null default '[]',
    results       jsonb       not null default '[]',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    claimed_by    varchar(128),
    lease_until   timestamptz,
    attempts      integer     not null default 0
);
create index mv_result_pending on mv_result (status) where status in ('CREATED', 'RUNNING');
create index mv_result_created on mv_result (created_at);
