-- Compliance flags: one row per raise, updated once when that raise is cleared. Keyed by the event that
-- raised it, so a flag raised, cleared and raised again keeps its whole history; inserts are
-- insert-if-absent and a clearing is applied once (cleared_event_id), so a redelivered event changes nothing.

create table compliance_flag_view (
    agreement_id     varchar(64)   not null,
    flag_id          varchar(200)  not null,
    raised_event_id  varchar(255)  not null,
    rule_id          varchar(64)   not null,
    citation         varchar(500)  not null,
    summary          varchar(1000) not null,
    status           varchar(8)    not null,
    facts            jsonb         not null,
    raised_at        timestamptz   not null,
    position         bigint        not null,
    cleared_event_id varchar(255),
    cleared_at       timestamptz,
    cleared_facts    jsonb,
    constraint compliance_flag_view_pk primary key (agreement_id, flag_id, raised_event_id),
    constraint compliance_flag_view_status_ck check (status in ('OPEN', 'CLEARED'))
);
create index compliance_flag_view_agreement_ix on compliance_flag_view (agreement_id, position);
create index compliance_flag_view_list_ix on compliance_flag_view (status, position);
create index compliance_flag_view_open_rule_ix on compliance_flag_view (rule_id) where status = 'OPEN';
