package com.msoledger.projections.compliance;

import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.party.UsStates;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.Freshness;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/v1/compliance/flags}: every flag raised, open or cleared, newest raise first. A flag
 * raised again after a clearing appears once per raise.
 */
@RestController
@RequestMapping(path = "/api/v1/compliance/flags", produces = MediaType.APPLICATION_JSON_VALUE)
class ComplianceFlagQueries {


    private final JdbcClient jdbc;
    private final Freshness freshness;

    ComplianceFlagQueries(JdbcClient jdbc, Freshness freshness) {
        this.jdbc = jdbc;
        this.freshness = freshness;
    }

    /** A page of flags. */
    record FlagPage(List<ComplianceFlagResource> items, int page, int size, long total) {
    }

    /**
     * @param state       only agreements operating in this state (two-letter code)
     * @param status      OPEN or CLEARED
     * @param agreementId only this agreement's flags
     */
    @GetMapping
    FlagPage list(@RequestParam(required = false) String state,
                  @RequestParam(required = false) String status,
                  @RequestParam(required = false) String agreementId,
                  @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size,
                  @RequestParam(required = false) Long minPosition,
                  jakarta.servlet.http.HttpServletRequest request) {
        freshness.await(ComplianceFlagProjection.PROCESSOR, minPosition);
        String[] scope = com.msoledger.projections.support.ReadScope.asArray(request);
        if (state != null && !UsStates.isValid(state)) {
            throw new BadQuery("state", "must be a two-letter US state code such as NY");
        }
        if (status != null && !status.equals(ComplianceFlagResource.OPEN) && !status.equals(ComplianceFlagResource.CLEARED)) {
            throw new BadQuery("status", "must be OPEN or CLEARED");
        }
        if (agreementId != null && !Identifiers.isValid(agreementId)) {
            throw new BadQuery("agreementId", "is not a valid agreement id");
        }
        com.msoledger.projections.support.Paging.check(page, size);
        String where = " where (cast(:state as varchar) is null or a.state = :state)"
                + " and (cast(:status as varchar) is null or f.status = :status)"
                + " and (cast(:agreement as varchar) is null or f.agreement_id = :agreement)"
                + " and (cast(:scope as varchar[]) is null or a.practice_id = any(cast(:scope as varchar[])))";
        long total = jdbc.sql("select count(*)" + ComplianceFlags.FROM + where)
                .param("state", state).param("status", status).param("agreement", agreementId).param("scope", scope)
                .query(Long.class).single();
        List<ComplianceFlagResource> items = jdbc.sql("select " + ComplianceFlags.COLUMNS + ComplianceFlags.FROM + where
                        + " order by f.position desc, f.flag_id limit :limit offset :offset")
                .param("state", state).param("status", status).param("agreement", agreementId).param("scope", scope)
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> ComplianceFlags.row(rs))
                .list();
        return new FlagPage(items, page, size, total);
    }
}
