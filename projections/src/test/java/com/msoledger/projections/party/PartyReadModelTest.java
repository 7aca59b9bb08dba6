package com.msoledger.projections.party;

import com.msoledger.api.http.PartyResource;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.projections.support.EventFeed;
import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.ReadModelDatabase;
import com.msoledger.projections.support.SupportWiring;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static com.msoledger.projections.support.SampleEvents.practiceRegistered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The party projection and {@code GET /api/v1/parties/{id}}. */
class PartyReadModelTest {

    @RegisterExtension
    static final ReadModelDatabase db = new ReadModelDatabase();

    static final Instant REGISTERED = Instant.parse("2026-08-20T14:30:00.125Z");

    EventFeed feed;
    PartyQueries parties;

    @BeforeEach
    void wire() {
        feed = new EventFeed(db.jdbc(), new PartyProjection(db.jdbc()));
        parties = new PartyQueries(db.jdbc(), SupportWiring.freshnessForReadsWithoutMinPosition(db.jdbc()));
    }

    @Test
    void aRegisteredPartyIsFoundAsRegisteredWithItsOwnersAndWhenTheLedgerLearnedOfIt() {
        PartyRegistered registered = practiceRegistered("sunrise-medical");
        feed.record(registered, REGISTERED);

        PartyResource party = parties.find("sunrise-medical", null);

        assertThat(party.partyId().value()).isEqualTo("sunrise-medical");
        assertThat(party.kind()).isEqualTo(PartyKind.PRACTICE);
        assertThat(party.legalName()).isEqualTo("Sunrise Medical Group PC");
        assertThat(party.stateOfOrganization()).isEqualTo("CA");
        assertThat(party.ownershipStructure()).isEqualTo(OwnershipStructure.PROVIDER_OWNED);
        assertThat(party.owners()).extracting(Owner::ownerId).containsExactly("dr-lee", "dr-park");
        assertThat(party.owners()).isEqualTo(registered.owners());
        assertThat(party.registeredAt()).isEqualTo(REGISTERED);
    }

    @Test
    void aRedeliveredRegistrationKeepsTheFirstRecord() {
        EventFeed.Recorded registered = feed.record(practiceRegistered("sunrise-medical"), REGISTERED);

        feed.redeliver(registered);

        assertThat(db.jdbc().sql("select count(*) from party_view").query(Long.class).single()).isEqualTo(1);
        assertThat(parties.find("sunrise-medical", null).registeredAt()).isEqualTo(REGISTERED);
    }

    @Test
    void anUnknownOrMalformedPartyIsNotFound() {
        feed.record(practiceRegistered("sunrise-medical"), REGISTERED);

        assertThatThrownBy(() -> parties.find("harbor-dental", null)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> parties.find("sunrise medical", null)).isInstanceOf(NotFound.class);
    }
}
