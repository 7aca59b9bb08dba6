-- Command-side book of entries per agreement: what the agreement needs to know about earlier entries
-- (retry or conflict, postings to reverse), written in the same transaction as each entry event.
create table entry_registry (
    agreement_id     varchar(64)  not null,
    entry_id         varchar(64)  not null,
    entry_type       varchar(16)  not null,
    request_hash     char(64)     not null,
    effective_date   date         not null,
    postings         jsonb        not null,
    event_identifier varchar(255) not null,
    reversed_by      varchar(64),
    constraint entry_registry_pk primary key (agreement_id, entry_id)
);
