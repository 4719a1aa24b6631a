package dev.switchboard.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes access log lines off the event loops: event loops {@link #offer} formatted lines into one bounded queue
 * (never blocking), and one writer thread appends them to their files through its own buffers. A line that does not
 * fit in the queue is dropped and counted ({@link #dropped()}, exported as a metric, and reported in the error log
 * at most every 10 seconds), never silently. Without {@code buffer=} a file is flushed whenever the queue runs empty;
 * with it, when the buffer fills or its oldest line is older than {@code flush=}. {@link #reopenAll()} (SIGUSR1)
 * closes and reopens every file, for logrotate.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final Set<AccessLogWriter> LIVE = ConcurrentHashMap.newKeySet();
    static final int QUEUE_CAPACITY = 32 * 1024;

    private record Line(ObserveSettings.AccessLogSpec spec, String text) {
    }

    private static final Line STOP = new Line(null, null);

    private final BlockingQueue<Line> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean reopen;
    private final Map<Path, OpenFile> files = new HashMap<>();
    private long lastDropReport;
    private long droppedReported;

    private static final class OpenFile {
        OutputStream out;
        long buffer;
        long flushMillis;
        long oldestUnflushed;
    }

    public AccessLogWriter() {
        this(QUEUE_CAPACITY);
    }

    AccessLogWriter(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
        thread = new Thread(this::run, "switchboard-access-log");
        thread.setDaemon(true);
        thread.start();
        LIVE.add(this);
    }

    /** Queues a line for {@code spec}'s file; never blocks. Returns false (and counts it) when the queue is full. */
    public boolean offer(ObserveSettings.AccessLogSpec spec, String line) {
        if (queue.offer(new Line(spec, line))) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Lines dropped because the queue was full or the file could not be written. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    /** Lines waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /** Closes and reopens the files of every running writer (SIGUSR1, {@code -s reopen}). */
    public static void reopenAll() {
        LIVE.forEach(w -> w.reopen = true);
    }

    private void run() {
        try {
            while (true) {
                Line line = queue.poll(timeToNextFlush(), TimeUnit.MILLISECONDS);
                if (reopen) {
                    reopen = false;
                    closeFiles();
                }
                if (line == STOP) {
                    break;
                }
                if (line != null) {
                    write(line);
                }
                if (queue.isEmpty()) {
                    flushDue(line == null);
                }
                reportDrops();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Line rest;
            while ((rest = queue.poll()) != null) {
                if (rest != STOP) {
                    write(rest);
                }
            }
            closeFiles();
        }
    }

    private long timeToNextFlush() {
        long next = 1000;
        long now = System.currentTimeMillis();
        for (OpenFile f : files.values()) {
            if (f.oldestUnflushed != 0 && f.flushMillis > 0) {
                next = Math.min(next, Math.max(1, f.oldestUnflushed + f.flushMillis - now));
            }
        }
        return next;
    }

    private void write(Line line) {
        ObserveSettings.AccessLogSpec spec = line.spec();
        OpenFile f = files.get(spec.path());
        try {
            if (f == null) {
                f = open(spec);
                files.put(spec.path(), f);
            }
            f.out.write(line.text().getBytes(StandardCharsets.ISO_8859_1));
            f.out.write('\n');
            written.incrementAndGet();
            if (f.oldestUnflushed == 0) {
                f.oldestUnflushed = System.currentTimeMillis();
            }
        } catch (IOException e) {
            dropped.incrementAndGet();
            log.error("write() to \"{}\" failed ({})", spec.path(), e.getMessage());
            files.remove(spec.path());
        }
    }

    private static OpenFile open(ObserveSettings.AccessLogSpec spec) throws IOException {
        Path path = spec.path();
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        OpenFile f = new OpenFile();
        f.buffer = spec.bufferBytes();
        f.flushMillis = spec.flushMillis();
        OutputStream raw = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        f.out = new BufferedOutputStream(raw, (int) Math.max(8192, Math.min(f.buffer, 16 << 20)));
        return f;
    }

    /** Flushes unbuffered files, and buffered ones whose flush= time is up (or all buffered ones when idle-timed). */
    private void flushDue(boolean timedOut) {
        long now = System.currentTimeMillis();
        for (OpenFile f : files.values()) {
            if (f.oldestUnflushed == 0) {
                continue;
            }
            boolean due = f.buffer == 0 || (f.flushMillis > 0 && now - f.oldestUnflushed >= f.flushMillis);
            if (due) {
                try {
                    f.out.flush();
                } catch (IOException e) {
                    log.error("flush of an access log failed ({})", e.getMessage());
                }
                f.oldestUnflushed = 0;
            }
        }
    }

    private void reportDrops() {
        long n = dropped.get();
        long now = System.currentTimeMillis();
        if (n != droppedReported && now - lastDropReport >= 10_000) {
            log.warn("access log queue full: {} line(s) dropped so far", n);
            droppedReported = n;
            lastDropReport = now;
        }
    }

    private void closeFiles() {
        for (OpenFile f : files.values()) {
            try {
                f.out.close();
            } catch (IOException e) {
                log.error("close of an access log failed ({})", e.getMessage());
            }
        }
        files.clear();
    }

    /** Writes what is queued, flushes and closes the files, and stops the thread. */
    @Override
    public void close() {
        LIVE.remove(this);
        while (!queue.offer(STOP)) {
            Thread.onSpinWait();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
