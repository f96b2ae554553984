-- Web hooks (README "Hooks"): HTTP endpoints that receive the alerts topic's CloudEvents, as Metrics Advisor's hooks
-- did. The secret signs each delivery (Standard Webhooks); it is kept because every delivery needs it.
create table alert_hook (
    id          bigserial   primary key,
    name        text        not null unique,
    url         text        not null,
    secret      text        not null,
    types       text[]      not null default '{}',  -- CloudEvent types it receives; empty: every type
    rules       text[]      not null default '{}',  -- only events naming one of these rules; empty: no such filter
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

-- One row per event and hook, written with the outbox row (same statement, same transaction), so a broker outage
-- does not hold deliveries back and a new hook gets no history. The payload is copied: the outbox is pruned after
-- a week, and a failed delivery may be retried later. event_id is the CloudEvent id, sent as webhook-id, the same
-- on every attempt.
create table hook_delivery (
    hook_id       bigint      not null references alert_hook (id) on delete cascade,
    event_id      uuid        not null,
    event_type    text        not null,
    payload       jsonb       not null,
    traceparent   text,
    state         text        not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts      int         not null default 0,
    next_at       timestamptz not null default now(),
    created_at    timestamptz not null default now(),
    last_at       timestamptz,
    last_status   int,
    last_error    text,
    delivered_at  timestamptz,
    primary key (hook_id, event_id)
);
create index hook_delivery_due on hook_delivery (next_at) where state = 'pending';
create index hook_delivery_recent on hook_delivery (hook_id, created_at desc);
create index hook_delivery_done on hook_delivery (created_at) where state <> 'pending';
