package com.msoledger.ledger.web;

import com.msoledger.api.money.Percent;
import com.msoledger.api.party.Owner;

import java.util.ArrayList;
import java.util.List;

/** An owner as a request carries it: the stake as a two-digit decimal string. */
public record OwnerInput(String ownerId, String name, String stake) {

    public static List<Owner> toOwners(List<OwnerInput> inputs, RequestFields in, String field, boolean required) {
        List<Owner> owners = new ArrayList<>();
        List<OwnerInput> checked = in.list(inputs, field, 100, required);
        for (int i = 0; i < checked.size(); i++) {
            OwnerInput input = checked.get(i);
            if (input == null) {
                continue;
            }
            String at = field + "[" + i + "]";
            String id = in.identifier(input.ownerId(), at + ".ownerId");
            String name = in.text(input.name(), at + ".name", Owner.MAX_NAME_LENGTH, true);
            Percent stake = in.required(in.percent(input.stake(), at + ".stake"), at + ".stake");
            if (id != null && name != null && stake != null) {
                owners.add(new Owner(id, name, stake));
            }
        }
        return owners;
    }
}
