package com.msoledger.projections.party;

import com.fasterxml.jackson.core.type.TypeReference;
import com.msoledger.api.http.PartyResource;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ProjectionJson;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/parties/{id}}, answered from {@code party_view}. */
@RestController
@RequestMapping(path = "/api/v1/parties", produces = MediaType.APPLICATION_JSON_VALUE)
class PartyQueries {

    private static final TypeReference<List<Owner>> OWNERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Freshness freshness;

    PartyQueries(JdbcClient jdbc, Freshness freshness) {
        this.jdbc = jdbc;
        this.freshness = freshness;
    }

    @GetMapping("/{partyId}")
    PartyResource find(@PathVariable String partyId, @RequestParam(required = false) Long minPosition) {
        freshness.await(PartyProjection.PROCESSOR, minPosition);
        if (!Identifiers.isValid(partyId)) {
            throw new NotFound("no party " + partyId);
        }
        return jdbc.sql("""
                        select party_id, kind, legal_name, state_of_organization, ownership_structure, owners, registered_at
                        from party_view where party_id = ?""")
                .param(partyId)
                .query((rs, n) -> new PartyResource(new PartyId(rs.getString(1)), PartyKind.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), OwnershipStructure.valueOf(rs.getString(5)),
                        ProjectionJson.read(rs.getString(6), OWNERS), rs.getTimestamp(7).toInstant()))
                .optional()
                .orElseThrow(() -> new NotFound("no party " + partyId));
    }
}
