package com.msoledger.ledger.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.api.party.RegisterParty;
import com.msoledger.api.money.Percent;
import com.msoledger.ledger.LedgerApplication;
import com.msoledger.ledger.support.TestDatabases;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web-side Jackson settings must never reach stored events: with every {@code spring.jackson.*}
 * knob turned against it, the stored JSON is byte for byte what the event store's own mapper writes.
 */
@org.springframework.context.annotation.Import(com.msoledger.ledger.support.TestClockConfiguration.class)
@SpringBootTest(classes = LedgerApplication.class, properties = {
        "spring.jackson.property-naming-strategy=SNAKE_CASE",
        "spring.jackson.serialization.write-dates-as-timestamps=true",
        "spring.jackson.serialization.indent-output=true",
        "spring.jackson.default-property-inclusion=non_empty",
        "spring.jackson.serialization.order-map-entries-by-keys=true"})
class StoredJsonIsolationTest {

    private static final TestDatabases.Database DATABASE = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, () -> DATABASE);
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper webMapper;

    @Test
    void storedEventJsonIgnoresWebJacksonSettings() throws Exception {
        List<Owner> owners = List.of(new Owner("acme-holdings", "Acme Holdings", Percent.parse("100.00")));
        RegisterParty register = new RegisterParty(new PartyId("iso-mso"), PartyKind.MSO, "Acme", "DE",
                OwnershipStructure.INVESTOR_OWNED, owners);
        commands.sendAndWait(register);

        assertThat(payloadOf("party:iso-mso")).isEqualTo("""
                {"partyId":"iso-mso","kind":"MSO","legalName":"Acme","stateOfOrganization":"DE",\
                "ownershipStructure":"INVESTOR_OWNED","owners":[{"ownerId":"acme-holdings","name":"Acme Holdings",\
                "stake":"100.00"}]}""");
        // the settings are live on the web side, so the comparison above means something
        String web = webMapper.writeValueAsString(new PartyRegistered(register.partyId(), register.kind(),
                register.legalName(), register.stateOfOrganization(), register.ownershipStructure(), owners));
        assertThat(web).contains("party_id");
    }

    @Test
    void storedDatesAndMoneyKeepTheirCanonicalForm() {
        commands.sendAndWait(new RegisterParty(new PartyId("iso-mso-2"), PartyKind.MSO, "Acme", "DE",
                OwnershipStructure.INVESTOR_OWNED, List.of(new Owner("a", "A", Percent.parse("100.00")))));
        commands.sendAndWait(new RegisterParty(new PartyId("iso-practice"), PartyKind.PRACTICE, "Sunrise", "CA",
                OwnershipStructure.PROVIDER_OWNED, List.of(new Owner("b", "B", Percent.parse("100.00")))));
        AgreementTerms terms = new AgreementTerms(List.of(FeeTerm.fixedMonthly("HR", Money.parse("2500.00", "USD"))),
                null, List.of(), List.of());
        commands.sendAndWait(new EstablishAgreement(new AgreementId("iso-msa"), new PartyId("iso-mso-2"),
                new PartyId("iso-practice"), "USD", "CA", LocalDate.of(2026, 10, 1), null, null, terms));

        assertThat(payloadOf("agreement:iso-msa"))
                .contains("\"effectiveFrom\":\"2026-10-01\"")
                .contains("\"amount\":{\"minorUnits\":250000,\"currency\":\"USD\"}")
                .doesNotContain("effective_from", "\n");
    }

    private String payloadOf(String streamId) {
        byte[] payload = jdbc.sql("select payload from domain_event_entry where aggregate_identifier = ? and sequence_number = 0")
                .param(streamId).query(byte[].class).single();
        return new String(payload, StandardCharsets.UTF_8);
    }
}
