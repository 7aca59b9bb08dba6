-- Command-side lookup of parties (kind only), written in the same transaction as PartyRegistered.
create table party_registry (
    party_id varchar(64) not null,
    kind     varchar(16) not null,
    constraint party_registry_pk primary key (party_id),
    constraint party_registry_kind_ck check (kind in ('MSO', 'PRACTICE'))
);

-- Command-side lookup of agreements, written in the same transaction as AgreementEstablished.
create table agreement_registry (
    agreement_id varchar(64) not null,
    currency     char(3)     not null,
    mso_id       varchar(64) not null,
    practice_id  varchar(64) not null,
    constraint agreement_registry_pk primary key (agreement_id)
);
create index agreement_registry_practice_ix on agreement_registry (practice_id);
