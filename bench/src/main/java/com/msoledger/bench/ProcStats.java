package com.msoledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time and memory of processes from /proc (Linux). */
final class ProcStats {

    /** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
    private static final double TICKS = ticks();

    private ProcStats() {
    }

    private static double ticks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (Exception e) {
            return 100;
        }
    }

    /** utime+stime (+ reaped children's, when asked) of one process in seconds; 0 when it is gone. */
    static double cpuSeconds(long pid, boolean withReapedChildren) {
        String[] fields = stat(pid);
        if (fields == null) {
            return 0;
        }
        // fields after the command: [0]=state ... utime is field 14 of the whole line, index 11 here
        double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (withReapedChildren) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks / TICKS;
    }

    /** A process and all its descendants, CPU seconds summed (the root's reaped children included). */
    static double treeCpuSeconds(long root) {
        double total = cpuSeconds(root, true);
        for (long child : descendants(root)) {
            total += cpuSeconds(child, false);
        }
        return total;
    }

    static List<Long> descendants(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                String[] fields = stat(Long.parseLong(n));
                if (fields != null) {
                    children.computeIfAbsent(Long.parseLong(fields[1]), k -> new ArrayList<>()).add(Long.parseLong(n));
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        List<Long> all = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(root));
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (long pid : frontier) {
                for (long child : children.getOrDefault(pid, List.of())) {
                    all.add(child);
                    next.add(child);
                }
            }
            frontier = next;
        }
        return all;
    }

    /** The fields of /proc/<pid>/stat after "(comm)": state, ppid, ... or null. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A line such as VmHWM of /proc/<pid>/status, in MiB; -1 when unavailable. */
    static double statusMiB(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
