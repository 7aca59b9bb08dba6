-- Idempotency keys belong to the subject that sent them (the same key from another user is its own
-- key), and request fingerprints carry a version prefix ("v2:" + SHA-256 of canonical JSON;
-- entries: "fp2:" + SHA-256), so both hash columns grow from char(64).
alter table idempotency_key drop constraint idempotency_key_pk;
alter table idempotency_key add constraint idempotency_key_pk primary key (actor, idempotency_key);
alter table idempotency_key alter column request_hash type varchar(80);
alter table entry_registry alter column request_hash type varchar(80);
