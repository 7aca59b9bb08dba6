package com.msoledger.api.compliance;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The facts of a flag event in key order, so the stored JSON of an event never depends on map order. */
final class Facts {

    private Facts() {
    }

    static Map<String, String> sorted(Map<String, String> facts) {
        return facts == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(facts));
    }
}
