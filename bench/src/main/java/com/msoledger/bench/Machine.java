package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the run ran on: cores, memory, CPU model, the JVM, the load on the machine. */
final class Machine {

    private Machine() {
    }

    static ObjectNode describe(String javaVersion) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("nproc", Runtime.getRuntime().availableProcessors());
        node.put("memoryMiB", Math.round(ProcStatsMeminfo.totalMiB()));
        node.put("cpuModel", cpuModel());
        node.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        node.put("java", javaVersion == null ? System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                : javaVersion);
        node.put("loadAverageAtStart", loadAverage());
        node.put("shared", "yes: 2 cores shared with other engineers' builds; figures are indicative, not a lab measurement");
        return node;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    /** MemTotal of /proc/meminfo. */
    static final class ProcStatsMeminfo {
        static double totalMiB() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (Exception e) {
                // fall through
            }
            return -1;
        }
    }
}
