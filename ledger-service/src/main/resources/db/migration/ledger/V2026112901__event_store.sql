-- The Axon event store, token store and snapshot store, in snake_case.
-- The global index comes from a dedicated sequence so its name and caching are ours to tune;
-- payloads are bytea (never oid/large objects, which PostgreSQL would not vacuum with the row).

create sequence domain_event_entry_global_index_seq as bigint;

create table domain_event_entry (
    global_index         bigint       not null default nextval('domain_event_entry_global_index_seq'),
    event_identifier     varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_pk primary key (global_index),
    constraint domain_event_entry_aggregate_sequence_uk unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_identifier_uk unique (event_identifier)
);

alter sequence domain_event_entry_global_index_seq owned by domain_event_entry.global_index;

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint snapshot_event_entry_pk primary key (aggregate_identifier, sequence_number),
    constraint snapshot_event_entry_event_identifier_uk unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    constraint token_entry_pk primary key (processor_name, segment)
);
