-- The journal: one row per entry, one row per posting. Rows are keyed by (agreement, entry[, line]) and
-- inserted only if absent, so a redelivered event changes nothing. effective_date and recorded_at are
-- both kept: every read filters by "as of" (effective date) and "as known at" (recorded time).

create table entry_view (
    agreement_id    varchar(64)  not null,
    entry_id        varchar(64)  not null,
    entry_type      varchar(16)  not null,
    period          char(7)      not null,
    effective_date  date         not null,
    currency        char(3)      not null,
    amount_minor    bigint       not null,
    corrects_period char(7),
    reverses        varchar(64),
    reversed_by     varchar(64),
    recorded_at     timestamptz  not null,
    position        bigint       not null,
    event_id        varchar(255) not null,
    postings        jsonb        not null,
    details         jsonb        not null,
    constraint entry_view_pk primary key (agreement_id, entry_id)
);
create index entry_view_journal_ix on entry_view (agreement_id, position desc);
create index entry_view_effective_ix on entry_view (agreement_id, effective_date, recorded_at);

create table posting_view (
    agreement_id   varchar(64)  not null,
    entry_id       varchar(64)  not null,
    line           smallint     not null,
    account        varchar(100) not null,
    entry_type     varchar(16)  not null,
    -- debits positive, credits negative, in minor units
    signed_minor   bigint       not null,
    currency       char(3)      not null,
    effective_date date         not null,
    recorded_at    timestamptz  not null,
    constraint posting_view_pk primary key (agreement_id, entry_id, line)
);
create index posting_view_balance_ix on posting_view (agreement_id, account, effective_date, recorded_at)
    include (signed_minor);

create table period_close_view (
    agreement_id varchar(64) not null,
    period       char(7)     not null,
    closed_at    timestamptz not null,
    constraint period_close_view_pk primary key (agreement_id, period)
);
create index entry_view_reverses_ix on entry_view (agreement_id, reverses) where reverses is not null;
create index posting_view_receivable_ix on posting_view (account, effective_date) include (agreement_id, signed_minor, entry_type);
