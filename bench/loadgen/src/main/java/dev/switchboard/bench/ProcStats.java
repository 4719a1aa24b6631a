package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time (utime + stime, /proc/PID/stat fields 14 and 15) and resident memory (VmRSS) of a process and all its
 * descendants (nginx's master and workers; the JVM is one process). Ticks are USER_HZ (100 on Linux).
 */
final class ProcStats {

    static final long TICKS_PER_SECOND = 100;

    record Sample(long cpuTicks, long sysTicks, long rssKb, int processes) {
    }

    private ProcStats() {
    }

    static Sample sample(long rootPid) {
        if (rootPid <= 0) {
            return new Sample(0, 0, 0, 0);
        }
        List<Long> pids = tree(rootPid);
        long ticks = 0;
        long sys = 0;
        long rss = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state): utime is field 14, stime field 15
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                sys += Long.parseLong(f[12]);
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return new Sample(ticks, sys, rss, pids.size());
    }

    /** Open file descriptors of a process and its descendants (entries of /proc/PID/fd), or 0 for no process. */
    static int openFiles(long rootPid) {
        if (rootPid <= 0) {
            return 0;
        }
        int n = 0;
        for (long pid : tree(rootPid)) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path ignored : fds) {
                    n++;
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to read
            }
        }
        return n;
    }

    /** The pid and its descendants. */
    static List<Long> tree(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ppid = Long.parseLong(f[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>())
                            .add(Long.parseLong(dir.getFileName().toString()));
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Long> out = new ArrayList<>();
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children.getOrDefault(out.get(i), List.of()));
        }
        return out;
    }
}
