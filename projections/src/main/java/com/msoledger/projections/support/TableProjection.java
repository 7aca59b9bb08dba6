package com.msoledger.projections.support;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * A projection that writes tables of its own through JDBC: the live bean writes the live tables, a
 * replay builds another instance ({@link #writingTo}) that writes the shadow twins.
 */
public abstract class TableProjection implements ProjectionDefinition {

    private final String processor;
    private final List<String> tableNames;
    protected final JdbcClient jdbc;
    /** Which twin of the tables this instance writes. */
    protected final Tables tables;

    protected TableProjection(String processor, List<String> tableNames, JdbcClient jdbc, Tables tables) {
        this.processor = processor;
        this.tableNames = List.copyOf(tableNames);
        this.jdbc = jdbc;
        this.tables = tables;
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public List<String> tables() {
        return tableNames;
    }
}
