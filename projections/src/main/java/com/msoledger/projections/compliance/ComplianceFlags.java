package com.msoledger.projections.compliance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.projections.support.ProjectionJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads compliance flags for the other read models: the agreement resource and the statement. */
@Component
public class ComplianceFlags {

    static final String COLUMNS = """
            f.agreement_id, a.state, f.flag_id, f.rule_id, f.citation, f.summary, f.status, f.facts, f.raised_at,
            f.position, f.cleared_at, f.cleared_facts""";
    static final String FROM = " from compliance_flag_view f join agreement_view a on a.agreement_id = f.agreement_id";

    private static final TypeReference<Map<String, String>> FACTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ComplianceFlags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The flags open now on each of the agreements, oldest first; agreements without any are absent. */
    public Map<String, List<ComplianceFlagResource>> open(List<String> agreementIds) {
        Map<String, List<ComplianceFlagResource>> open = new HashMap<>();
        if (agreementIds.isEmpty()) {
            return open;
        }
        jdbc.sql("select " + COLUMNS + FROM + " where f.agreement_id = any(?) and f.status = 'OPEN' order by f.position")
                .param(agreementIds.toArray(String[]::new))
                .query(rs -> {
                    ComplianceFlagResource flag = row(rs);
                    open.computeIfAbsent(flag.agreementId().value(), k -> new ArrayList<>()).add(flag);
                });
        return open;
    }

    /**
     * The flags of an agreement that were open at {@code knownAt}: raised by then and not cleared by
     * then, shown as they stood at that time (a clearing recorded later is left out).
     */
    public List<ComplianceFlagResource> openAt(String agreementId, Instant knownAt) {
        Timestamp known = Timestamp.from(knownAt);
        return jdbc.sql("select " + COLUMNS + FROM + """
                         where f.agreement_id = ? and f.raised_at <= ? and (f.cleared_at is null or f.cleared_at > ?)
                        order by f.position""")
                .params(agreementId, known, known)
                .query((rs, n) -> {
                    ComplianceFlagResource flag = row(rs);
                    return new ComplianceFlagResource(flag.agreementId(), flag.state(), flag.flagId(), flag.ruleId(),
                            flag.citation(), flag.summary(), ComplianceFlagResource.OPEN, flag.facts(), flag.raisedAt(),
                            flag.position(), null, null);
                })
                .list();
    }

    static ComplianceFlagResource row(ResultSet rs) throws SQLException {
        Timestamp cleared = rs.getTimestamp(11);
        String clearedFacts = rs.getString(12);
        return new ComplianceFlagResource(new AgreementId(rs.getString(1)), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), ProjectionJson.read(rs.getString(8), FACTS),
                rs.getTimestamp(9).toInstant(), rs.getLong(10), cleared == null ? null : cleared.toInstant(),
                clearedFacts == null ? null : ProjectionJson.read(clearedFacts, FACTS));
    }
}
