package com.msoledger.ledger.party;

import com.msoledger.api.http.PartyResource;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.api.party.RegisterParty;
import com.msoledger.ledger.command.CommandDispatcher;
import com.msoledger.ledger.command.Recorded;
import com.msoledger.ledger.web.RequestFields;
import com.msoledger.ledger.web.OwnerInput;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Registers parties. Reading them is the projections' job ({@code GET /api/v1/parties/{id}}). */
@RestController
@RequestMapping(path = "/api/v1/parties", produces = MediaType.APPLICATION_JSON_VALUE)
class PartyController {

    private final CommandDispatcher commands;

    PartyController(CommandDispatcher commands) {
        this.commands = commands;
    }

    /** The body of {@code POST /api/v1/parties}. */
    record RegisterPartyRequest(String partyId, String kind, String legalName, String stateOfOrganization,
                                String ownershipStructure, List<OwnerInput> owners) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PartyResource> register(@RequestBody RegisterPartyRequest body, HttpServletRequest request) {
        RequestFields in = new RequestFields();
        PartyId partyId = in.partyId(body.partyId(), "partyId");
        PartyKind kind = in.enumValue(body.kind(), PartyKind.class, "kind", true);
        String legalName = in.text(body.legalName(), "legalName", Party.MAX_NAME_LENGTH, true);
        String state = in.required(body.stateOfOrganization(), "stateOfOrganization");
        OwnershipStructure structure = in.enumValue(body.ownershipStructure(), OwnershipStructure.class, "ownershipStructure", true);
        var owners = OwnerInput.toOwners(body.owners(), in, "owners", true);
        in.validate();

        RegisterParty command = new RegisterParty(partyId, kind, legalName, state, structure, owners);
        Recorded<PartyRegistered> registered = commands.dispatch(command, request).answer(PartyRegistered.class);
        return ResponseEntity.created(URI.create("/api/v1/parties/" + partyId.value()))
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(registered.position()))
                .body(PartyResource.of(registered.payload(), registered.recordedAt()));
    }
}
