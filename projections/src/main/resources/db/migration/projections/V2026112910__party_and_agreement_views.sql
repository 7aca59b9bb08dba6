-- Read models of parties and agreements. Rows are keyed by the ids the events carry, and every
-- write is an upsert or insert-if-absent, so a redelivered event changes nothing.

create table party_view (
    party_id              varchar(64)  not null,
    kind                  varchar(16)  not null,
    legal_name            varchar(200) not null,
    state_of_organization char(2)      not null,
    ownership_structure   varchar(32)  not null,
    owners                jsonb        not null,
    registered_at         timestamptz  not null,
    event_id              varchar(255) not null,
    constraint party_view_pk primary key (party_id)
);

create table agreement_view (
    agreement_id          varchar(64)  not null,
    mso_id                varchar(64)  not null,
    practice_id           varchar(64)  not null,
    currency              char(3)      not null,
    state                 char(2)      not null,
    effective_from        date         not null,
    effective_to          date,
    status                varchar(16)  not null,
    termination_reason    varchar(500),
    fmv_opinion_reference varchar(200),
    established_at        timestamptz  not null,
    event_id              varchar(255) not null,
    constraint agreement_view_pk primary key (agreement_id)
);
create index agreement_view_mso_ix on agreement_view (mso_id, agreement_id);
create index agreement_view_practice_ix on agreement_view (practice_id, agreement_id);

create table agreement_terms_version (
    agreement_id          varchar(64)  not null,
    version               integer      not null,
    amendment_id          varchar(64),
    effective_from        date         not null,
    fmv_opinion_reference varchar(200),
    terms                 jsonb        not null,
    recorded_at           timestamptz  not null,
    event_id              varchar(255) not null,
    constraint agreement_terms_version_pk primary key (agreement_id, version)
);
