package com.msoledger.projections.agreement;

import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.http.AgreementResource;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.http.TermsVersionResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.ids.PartyId;
import com.msoledger.projections.compliance.ComplianceFlags;
import com.msoledger.projections.support.BadQuery;
import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ProjectionJson;
import com.msoledger.projections.support.ReadScope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/agreements} and {@code GET /api/v1/agreements/{id}}, from the agreement read tables. */
@RestController
@RequestMapping(path = "/api/v1/agreements", produces = MediaType.APPLICATION_JSON_VALUE)
class AgreementQueries {


    private static final String COLUMNS = """
            agreement_id, mso_id, practice_id, currency, state, effective_from, effective_to, status,
            termination_reason, fmv_opinion_reference, established_at""";

    private final JdbcClient jdbc;
    private final Freshness freshness;
    private final ComplianceFlags complianceFlags;

    AgreementQueries(JdbcClient jdbc, Freshness freshness, ComplianceFlags complianceFlags) {
        this.jdbc = jdbc;
        this.freshness = freshness;
        this.complianceFlags = complianceFlags;
    }

    /** A page of agreements, ordered by id. */
    record AgreementPage(List<AgreementResource> items, int page, int size, long total) {
    }

    @GetMapping("/{agreementId}")
    AgreementResource find(@PathVariable String agreementId, @RequestParam(required = false) Long minPosition) {
        freshness.await(AgreementProjection.PROCESSOR, minPosition);
        if (!Identifiers.isValid(agreementId)) {
            throw new NotFound("no agreement " + agreementId);
        }
        List<AgreementResource> found = jdbc.sql("select " + COLUMNS + " from agreement_view where agreement_id = ?")
                .param(agreementId)
                .query((rs, n) -> row(rs))
                .list();
        if (found.isEmpty()) {
            throw new NotFound("no agreement " + agreementId);
        }
        return withVersions(found).get(0);
    }

    @GetMapping
    AgreementPage list(@RequestParam(required = false) String msoId,
                       @RequestParam(required = false) String practiceId,
                       @RequestParam(required = false) String status,
                       @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "50") int size,
                       @RequestParam(required = false) Long minPosition, HttpServletRequest request) {
        freshness.await(AgreementProjection.PROCESSOR, minPosition);
        String[] scope = ReadScope.asArray(request);
        com.msoledger.projections.support.Paging.check(page, size);
        if (msoId != null && !Identifiers.isValid(msoId)) {
            throw new BadQuery("msoId", "is not a valid party id");
        }
        if (practiceId != null && !Identifiers.isValid(practiceId)) {
            throw new BadQuery("practiceId", "is not a valid party id");
        }
        if (status != null && !status.equals("ACTIVE") && !status.equals("TERMINATED")) {
            throw new BadQuery("status", "must be ACTIVE or TERMINATED");
        }
        String where = " where (cast(:mso as varchar) is null or mso_id = :mso)"
                + " and (cast(:practice as varchar) is null or practice_id = :practice)"
                + " and (cast(:status as varchar) is null or status = :status)"
                + " and (cast(:scope as varchar[]) is null or practice_id = any(cast(:scope as varchar[])))";
        long total = jdbc.sql("select count(*) from agreement_view" + where)
                .param("mso", msoId).param("practice", practiceId).param("status", status).param("scope", scope)
                .query(Long.class).single();
        List<AgreementResource> items = jdbc.sql("select " + COLUMNS + " from agreement_view" + where
                        + " order by agreement_id limit :limit offset :offset")
                .param("mso", msoId).param("practice", practiceId).param("status", status).param("scope", scope)
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> row(rs))
                .list();
        return new AgreementPage(withVersions(items), page, size, total);
    }

    private static AgreementResource row(ResultSet rs) throws SQLException {
        return new AgreementResource(new AgreementId(rs.getString(1)), new PartyId(rs.getString(2)),
                new PartyId(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getDate(6).toLocalDate(),
                rs.getDate(7) == null ? null : rs.getDate(7).toLocalDate(), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getTimestamp(11).toInstant(), List.of(), List.of());
    }

    /** Attaches every agreement's terms versions and open compliance flags, with one query each for the whole page. */
    private List<AgreementResource> withVersions(List<AgreementResource> agreements) {
        if (agreements.isEmpty()) {
            return agreements;
        }
        String[] ids = agreements.stream().map(a -> a.agreementId().value()).toArray(String[]::new);
        Map<String, List<TermsVersionResource>> versions = new HashMap<>();
        jdbc.sql("""
                        select agreement_id, version, amendment_id, effective_from, fmv_opinion_reference, terms, recorded_at
                        from agreement_terms_version where agreement_id = any(?) order by agreement_id, version""")
                .param(ids)
                .query(rs -> {
                    versions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new TermsVersionResource(
                            rs.getInt(2), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getString(5),
                            ProjectionJson.read(rs.getString(6), AgreementTerms.class), rs.getTimestamp(7).toInstant()));
                });
        Map<String, List<ComplianceFlagResource>> flags = complianceFlags.open(List.of(ids));
        return agreements.stream().map(a -> new AgreementResource(a.agreementId(), a.msoId(), a.practiceId(), a.currency(),
                a.state(), a.effectiveFrom(), a.effectiveTo(), a.status(), a.terminationReason(), a.fmvOpinionReference(),
                a.establishedAt(), versions.getOrDefault(a.agreementId().value(), List.of()),
                flags.getOrDefault(a.agreementId().value(), List.of()))).toList();
    }
}
