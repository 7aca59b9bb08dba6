package com.msoledger.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What bench/run.sh passes on the command line ({@code --name value} pairs), with the defaults the bench
 * falls back to when run by hand.
 *
 * @param javaVersionOfService the service JVM's version line, or null (then this JVM's is reported)
 */
record Settings(boolean quick, String baseUrl, String secret, String jdbcUrl, String dbUser, String dbPassword,
                String dbKind, long servicePid, Path pgbench, Path work, Path out, String javaVersionOfService) {

    static Settings parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        return new Settings("quick".equals(args.get("mode")), args.get("base-url"), args.get("secret"), args.get("jdbc-url"),
                args.get("db-user"), args.getOrDefault("db-password", ""), args.getOrDefault("db-kind", "external"),
                Long.parseLong(args.get("service-pid")), Path.of(args.getOrDefault("pgbench", "pgbench")),
                Path.of(args.getOrDefault("work", "bench/target")), Path.of(args.getOrDefault("out", "bench/results")),
                args.get("java-version-of-service"));
    }

    /** Picks the quick run's figure or the full run's. */
    int scaled(int quickValue, int fullValue) {
        return quick ? quickValue : fullValue;
    }
}
