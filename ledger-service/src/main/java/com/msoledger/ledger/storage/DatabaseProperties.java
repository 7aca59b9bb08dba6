package com.msoledger.ledger.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where the ledger keeps its data.
 *
 * @param url          JDBC URL of an external PostgreSQL 14+ ({@code LEDGER_DB_URL}); blank starts the
 *                     embedded PostgreSQL instead
 * @param user         user of the external database ({@code LEDGER_DB_USER})
 * @param password     its password ({@code LEDGER_DB_PASSWORD})
 * @param dataDir      where the embedded PostgreSQL keeps its files ({@code LEDGER_DATA_DIR}); they
 *                     survive restarts
 * @param embeddedPort port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
 * @param poolSize     maximum JDBC connections ({@code LEDGER_DB_POOL_SIZE})
 * @param connectionTimeout how long a request waits for a connection (and a new connection for the
 *                     server) before it is answered 503: an unreachable database fails fast instead of
 *                     holding requests ({@code LEDGER_DB_CONNECTION_TIMEOUT}, at least 250 ms)
 */
@ConfigurationProperties("ledger.db")
public record DatabaseProperties(String url,
                                 @DefaultValue("postgres") String user,
                                 String password,
                                 @DefaultValue("./data") String dataDir,
                                 @DefaultValue("0") int embeddedPort,
                                 @DefaultValue("16") int poolSize,
                                 @DefaultValue("3s") Duration connectionTimeout) {

    public DatabaseProperties {
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("ledger.db.connection-timeout must be at least 250ms");
        }
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
