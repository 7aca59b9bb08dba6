-- Idempotency keys of command requests: the request's hash and the first response, stored in the
-- transaction that records the command's effect, kept at least ledger.idempotency.ttl.
create table idempotency_key (
    idempotency_key varchar(255) not null,
    request_hash    char(64)     not null,
    actor           varchar(255) not null,
    status          smallint     not null,
    content_type    varchar(255),
    headers         jsonb        not null,
    body            bytea        not null,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    constraint idempotency_key_pk primary key (idempotency_key)
);
create index idempotency_key_expires_ix on idempotency_key (expires_at);
