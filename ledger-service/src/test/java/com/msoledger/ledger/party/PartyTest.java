package com.msoledger.ledger.party;

import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.api.party.RegisterParty;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static com.msoledger.ledger.common.RuleViolationMatchers.violation;

class PartyTest {

    private static final PartyId MSO_ID = PartyId.of("mso-westside");
    private static final PartyId PRACTICE_ID = PartyId.of("practice-harbor");

    private FixtureConfiguration<Party> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Party.class);
    }

    @Test
    void registersAValidMso() {
        List<Owner> owners = List.of(owner("inv-1", "Summit Health Partners LP", "51.00"),
                owner("dr-1", "Dr. Ana Ruiz", "49.00"));

        fixture.givenNoPriorActivity()
                .when(new RegisterParty(MSO_ID, PartyKind.MSO, "Westside Management Services LLC", "CA",
                        OwnershipStructure.JOINT_VENTURE, owners))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PartyRegistered(MSO_ID, PartyKind.MSO, "Westside Management Services LLC", "CA",
                        OwnershipStructure.JOINT_VENTURE, owners));
    }

    @Test
    void registersAValidPractice() {
        List<Owner> owners = List.of(owner("dr-1", "Dr. Ana Ruiz", "100.00"));

        fixture.givenNoPriorActivity()
                .when(new RegisterParty(PRACTICE_ID, PartyKind.PRACTICE, "Harbor Medical Group, a Professional Corporation",
                        "CA", OwnershipStructure.PROVIDER_OWNED, owners))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PartyRegistered(PRACTICE_ID, PartyKind.PRACTICE,
                        "Harbor Medical Group, a Professional Corporation", "CA", OwnershipStructure.PROVIDER_OWNED, owners));
    }

    @Test
    void refusesAPartyWithoutKind() {
        fixture.givenNoPriorActivity()
                .when(practice().kind(null).build())
                .expectNoEvents()
                .expectException(violation("missing-field", "kind"));
    }

    @Test
    void refusesABlankLegalName() {
        fixture.givenNoPriorActivity()
                .when(practice().legalName("   ").build())
                .expectNoEvents()
                .expectException(violation("invalid-name", "legalName"));
    }

    @Test
    void refusesALegalNameLongerThan200Characters() {
        fixture.givenNoPriorActivity()
                .when(practice().legalName("A".repeat(Party.MAX_NAME_LENGTH + 1)).build())
                .expectNoEvents()
                .expectException(violation("invalid-name", "legalName"))
                .expectExceptionMessage("legalName must be 1-200 characters and not blank");
    }

    @Test
    void acceptsALegalNameOfExactly200Characters() {
        RegisterParty command = practice().legalName("A".repeat(Party.MAX_NAME_LENGTH)).build();

        fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(registered(command));
    }

    @ParameterizedTest(name = "state \"{0}\"")
    @ValueSource(strings = {"XX", "ca", "", "CAL"})
    void refusesAStateOfOrganizationThatIsNotAUsStateCode(String state) {
        fixture.givenNoPriorActivity()
                .when(practice().state(state).build())
                .expectNoEvents()
                .expectException(violation("unknown-state", "stateOfOrganization"));
    }

    @Test
    void refusesAPartyWithoutOwnershipStructure() {
        fixture.givenNoPriorActivity()
                .when(practice().structure(null).build())
                .expectNoEvents()
                .expectException(violation("missing-field", "ownershipStructure"));
    }

    @Test
    void refusesAPartyWithoutOwners() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of()).build())
                .expectNoEvents()
                .expectException(violation("owners-required", "owners"));
    }

    @Test
    void refusesOwnersListedTwiceUnderTheSameId() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of(owner("dr-1", "Dr. Ana Ruiz", "50.00"),
                        owner("dr-1", "Dr. Ben Ito", "50.00"))).build())
                .expectNoEvents()
                .expectException(violation("duplicate-owner", "owners[1].ownerId"));
    }

    @Test
    void refusesAnOwnerWithABlankName() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of(owner("dr-1", "Dr. Ana Ruiz", "50.00"),
                        owner("dr-2", " ", "50.00"))).build())
                .expectNoEvents()
                .expectException(violation("invalid-name", "owners[1].name"));
    }

    @Test
    void refusesAnOwnerWithAZeroStake() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of(owner("dr-1", "Dr. Ana Ruiz", "100.00"),
                        owner("dr-2", "Dr. Ben Ito", "0.00"))).build())
                .expectNoEvents()
                .expectException(violation("invalid-stake", "owners[1].stake"));
    }

    @Test
    void refusesOwnersWhoseStakesSumToLessThan100() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of(owner("dr-1", "Dr. Ana Ruiz", "50.00"),
                        owner("dr-2", "Dr. Ben Ito", "49.99"))).build())
                .expectNoEvents()
                .expectException(violation("stakes-not-100", "owners"))
                .expectExceptionMessage("the stakes in owners sum to 99.99, not exactly 100.00");
    }

    @Test
    void refusesOwnersWhoseStakesSumToMoreThan100() {
        fixture.givenNoPriorActivity()
                .when(practice().owners(List.of(owner("dr-1", "Dr. Ana Ruiz", "50.00"),
                        owner("dr-2", "Dr. Ben Ito", "50.01"))).build())
                .expectNoEvents()
                .expectException(violation("stakes-not-100", "owners"))
                .expectExceptionMessage("the stakes in owners sum to 100.01, not exactly 100.00");
    }

    @Test
    void refusesMoreThan100Owners() {
        // 101 stakes of 0.99 would also miss 100.00; the count is checked first and is what is reported
        List<Owner> owners = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> owner("owner-" + i, "Owner " + i, "0.99"))
                .toList();

        fixture.givenNoPriorActivity()
                .when(practice().owners(owners).build())
                .expectNoEvents()
                .expectException(violation("too-many-owners", "owners"));
    }

    @Test
    void accepts100OwnersWhoseStakesSumTo100() {
        List<Owner> owners = IntStream.rangeClosed(1, 100)
                .mapToObj(i -> owner("owner-" + i, "Owner " + i, "1.00"))
                .toList();
        RegisterParty command = practice().owners(owners).build();

        fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(registered(command));
    }

    private static Owner owner(String id, String name, String stake) {
        return new Owner(id, name, Percent.parse(stake));
    }

    private static PartyRegistered registered(RegisterParty command) {
        return new PartyRegistered(command.partyId(), command.kind(), command.legalName(), command.stateOfOrganization(),
                command.ownershipStructure(), command.owners());
    }

    /** A valid practice registration; each test breaks exactly one thing. */
    private static Registration practice() {
        return new Registration();
    }

    private static final class Registration {
        private PartyKind kind = PartyKind.PRACTICE;
        private String legalName = "Harbor Medical Group, a Professional Corporation";
        private String state = "CA";
        private OwnershipStructure structure = OwnershipStructure.PROVIDER_OWNED;
        private List<Owner> owners = List.of(owner("dr-1", "Dr. Ana Ruiz", "60.00"), owner("dr-2", "Dr. Ben Ito", "40.00"));

        Registration kind(PartyKind kind) {
            this.kind = kind;
            return this;
        }

        Registration legalName(String legalName) {
            this.legalName = legalName;
            return this;
        }

        Registration state(String state) {
            this.state = state;
            return this;
        }

        Registration structure(OwnershipStructure structure) {
            this.structure = structure;
            return this;
        }

        Registration owners(List<Owner> owners) {
            this.owners = owners;
            return this;
        }

        RegisterParty build() {
            return new RegisterParty(PRACTICE_ID, kind, legalName, state, structure, owners);
        }
    }
}
