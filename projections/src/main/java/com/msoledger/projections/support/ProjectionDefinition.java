package com.msoledger.projections.support;

import java.util.List;

/** What a replay needs to know of a projection: its processor, its tables, and the handler that fills them. */
public interface ProjectionDefinition {

    String processor();

    /** The tables it owns (their live names); a replay rebuilds all of them and swaps them in together. */
    List<String> tables();

    /** Another handler of this projection, writing {@code tables} instead of the ones this one writes. */
    ProjectionDefinition writingTo(Tables tables);
}
