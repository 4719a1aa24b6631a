package dev.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code cap} mode: fills the proxy with idle upgraded WebSocket connections until it refuses more, then
 * checks what the proxy does at its cap and that it recovers. Phases, each bounded in time:
 * <ol>
 *   <li><b>fill</b>: {@code --attempts} upgrades, {@code --concurrency} at a time ({@code --slow-concurrency} once
 *       one was refused), each classified ({@link Outcomes}); an attempt without an answer within
 *       {@code --answer-timeout} ms counts as "no answer";</li>
 *   <li><b>at the cap</b>: the watched process's RSS is sampled every 250 ms and its CPU measured, first for
 *       {@code --quiet} seconds with nothing new arriving, then for {@code --hold} seconds while {@code --probe-rate}
 *       new attempts per second arrive (a busy accept loop would show as CPU in either window);</li>
 *   <li><b>verify</b>: one echo on every held connection;</li>
 *   <li><b>release</b> {@code --release} held connections, then <b>resume</b>: {@code --resume} new connections must
 *       upgrade (a refused one is retried until {@code --resume-timeout} s) and echo.</li>
 * </ol>
 * Prints one JSON object on stdout.
 */
final class CapProbe {

    private final String label;
    private final InetSocketAddress target;
    private final String path;
    private final int attempts;
    private final int concurrency;
    private final int slowConcurrency;
    private final long answerTimeoutMillis;
    private final int fillTimeoutSeconds;
    private final int quietSeconds;
    private final int holdSeconds;
    private final double probeRate;
    private final int release;
    private final int resume;
    private final int resumeTimeoutSeconds;
    private final long watchPid;
    private final int sourceBase;
    private final int sourceCount;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final AtomicInteger nextSource = new AtomicInteger();
    private final List<CapAttempt> held = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger lostAll = new AtomicInteger();
    private final AtomicInteger echoes = new AtomicInteger();

    /** The attempts of one phase: their outcomes, their concurrency and when the last one upgraded. */
    private final class Batch implements CapAttempt.Events {
        final Outcomes outcomes = new Outcomes();
        final Semaphore permits;
        final AtomicInteger launched = new AtomicInteger();
        /** Upgraded connections of this batch that the proxy closed without the scenario asking. */
        final AtomicInteger lost = new AtomicInteger();
        final AtomicLong lastUpgradeNanos = new AtomicLong();
        /** Connections held when the first attempt of this batch was refused, or -1. */
        final AtomicInteger heldAtFirstRefusal = new AtomicInteger(-1);

        /** @param concurrency attempts in flight at most, or 0 for no bound (no permits taken or given back) */
        Batch(int concurrency) {
            this.permits = concurrency > 0 ? new Semaphore(concurrency) : null;
        }

        void releasePermit() {
            if (permits != null) {
                permits.release();
            }
        }

        @Override
        public void resolved(CapAttempt attempt, String kind) {
            if (Outcomes.UPGRADED.equals(kind)) {
                held.add(attempt);
                lastUpgradeNanos.set(System.nanoTime());
            } else {
                heldAtFirstRefusal.compareAndSet(-1, held.size());
            }
            outcomes.add(kind);
            releasePermit();
        }

        @Override
        public void lost(CapAttempt attempt) {
            lost.incrementAndGet();
            lostAll.incrementAndGet();
            held.remove(attempt);
        }

        @Override
        public void echoed(CapAttempt attempt) {
            echoes.incrementAndGet();
        }

        boolean settled() {
            return outcomes.total() >= launched.get();
        }
    }

    CapProbe(Args a) {
        this.label = a.get("label", "cap");
        this.target = Args.address(a.get("target", "127.0.0.1:18080"));
        this.path = a.get("path", "/ws");
        this.attempts = a.getInt("attempts", 10_300);
        this.concurrency = a.getInt("concurrency", 200);
        this.slowConcurrency = a.getInt("slow-concurrency", 10);
        this.answerTimeoutMillis = a.getInt("answer-timeout", 3000);
        this.fillTimeoutSeconds = a.getInt("fill-timeout", 60);
        this.quietSeconds = a.getInt("quiet", 3);
        this.holdSeconds = a.getInt("hold", 5);
        this.probeRate = a.getDouble("probe-rate", 20);
        this.release = a.getInt("release", 500);
        this.resume = a.getInt("resume", 400);
        this.resumeTimeoutSeconds = a.getInt("resume-timeout", 15);
        this.watchPid = Long.parseLong(a.get("watch", "0"));
        this.sourceBase = a.getInt("source-base", 10);
        this.sourceCount = a.getInt("sources", 200);
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) answerTimeoutMillis)
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }

    String run() throws Exception {
        long hardLimit = fillTimeoutSeconds + quietSeconds + holdSeconds + resumeTimeoutSeconds + 3 * answerTimeoutMillis / 1000
                + 60L;
        Thread watchdog = Watchdog.start(hardLimit);
        ProcStats.Sample before = ProcStats.sample(watchPid);
        int filesBefore = ProcStats.openFiles(watchPid);

        // fill
        Batch fill = new Batch(concurrency);
        long t0 = System.nanoTime();
        long fillDeadline = t0 + TimeUnit.SECONDS.toNanos(fillTimeoutSeconds);
        boolean slowed = false;
        for (int i = 0; i < attempts && System.nanoTime() < fillDeadline; i++) {
            if (!slowed && fill.heldAtFirstRefusal.get() >= 0 && slowConcurrency < concurrency) {
                // past the first refusal, fewer at a time: a burst can meet a limit that slower arrivals pass
                slowed = fill.permits.tryAcquire(concurrency - slowConcurrency,
                        Math.max(1, fillDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!slowed) {
                    break;
                }
            }
            if (!fill.permits.tryAcquire(Math.max(1, fillDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            launch(fill);
        }
        awaitSettled(fill, fillDeadline + TimeUnit.MILLISECONDS.toNanos(answerTimeoutMillis + 1000));
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        int heldAfterFill = openHeld();

        // at the cap: first quiet (nothing new arrives), then with new attempts arriving
        Batch probes = new Batch(0);
        int filesAtCap = ProcStats.openFiles(watchPid);
        RssRange rss = new RssRange();
        Window quiet = hold(quietSeconds, 0, probes, rss);
        Window probed = hold(holdSeconds, probeRate, probes, rss);
        awaitSettled(probes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(answerTimeoutMillis + 1000));

        // every held connection still works
        int heldAfterHold = openHeld();
        int[] heldEcho = verify(snapshotHeld());

        // release some, then new connections must get through
        List<CapAttempt> toRelease = snapshotHeld().subList(0, Math.min(release, heldAfterFill));
        group.next().submit(() -> toRelease.forEach(CapAttempt::release)).get(5, TimeUnit.SECONDS);
        held.removeAll(toRelease);
        long r0 = System.nanoTime();
        Batch again = new Batch(Math.min(concurrency, Math.max(1, resume)));
        long resumeDeadline = r0 + TimeUnit.SECONDS.toNanos(resumeTimeoutSeconds);
        while (again.outcomes.get(Outcomes.UPGRADED) < resume && System.nanoTime() < resumeDeadline) {
            int inFlight = again.launched.get() - again.outcomes.total();
            if (again.outcomes.get(Outcomes.UPGRADED) + inFlight >= resume) {
                Thread.sleep(1);
                continue;
            }
            if (again.permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                launch(again);
            }
        }
        awaitSettled(again, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(answerTimeoutMillis + 1000));
        int resumed = again.outcomes.get(Outcomes.UPGRADED);
        double resumeSeconds = resumed > 0 ? (again.lastUpgradeNanos.get() - r0) / 1e9 : -1;
        List<CapAttempt> all = snapshotHeld();
        int[] allEcho = verify(all);
        ProcStats.Sample after = ProcStats.sample(watchPid);

        StringBuilder json = new StringBuilder();
        json.append("{\"label\":\"").append(label).append("\",\"mode\":\"cap\",\"target\":\"")
                .append(target.getHostString()).append(':').append(target.getPort()).append('"')
                .append(",\"attempts\":").append(fill.launched.get())
                .append(",\"held\":").append(heldAfterFill)
                .append(",\"refused\":").append(fill.outcomes.refused())
                .append(",\"fill\":").append(fill.outcomes.json())
                .append(",\"held_at_first_refusal\":").append(fill.heldAtFirstRefusal.get())
                .append(",\"held_after_hold\":").append(heldAfterHold)
                .append(",\"fill_s\":").append(fmt(fillSeconds))
                .append(",\"files_before\":").append(filesBefore)
                .append(",\"files_at_cap\":").append(filesAtCap)
                .append(",\"rss_kb_before\":").append(before.rssKb())
                .append(",\"rss_kb_cap_min\":").append(rss.min == Long.MAX_VALUE ? 0 : rss.min)
                .append(",\"rss_kb_cap_max\":").append(rss.max)
                .append(",\"rss_samples\":").append(rss.samples)
                .append(",\"bytes_per_conn\":").append(heldAfterFill > 0
                        ? (rss.max - before.rssKb()) * 1024 / heldAfterFill : 0)
                .append(",\"quiet_s\":").append(fmt(quiet.seconds))
                .append(",\"cpu_pct_cap_quiet\":").append(fmt(quiet.cpuPct))
                .append(",\"hold_s\":").append(fmt(probed.seconds))
                .append(",\"probe_rate\":").append(fmt(probeRate))
                .append(",\"cpu_pct_cap\":").append(fmt(probed.cpuPct))
                .append(",\"probes\":").append(probes.outcomes.json())
                .append(",\"held_echo_ok\":").append(heldEcho[0]).append(",\"held_echo_of\":").append(heldEcho[1])
                .append(",\"released\":").append(toRelease.size())
                .append(",\"resume_target\":").append(resume)
                .append(",\"resumed\":").append(resumed)
                .append(",\"resume_attempts\":").append(again.outcomes.json())
                .append(",\"resume_s\":").append(fmt(resumeSeconds))
                .append(",\"final_echo_ok\":").append(allEcho[0]).append(",\"final_echo_of\":").append(allEcho[1])
                .append(",\"lost\":").append(lostAll.get())
                .append(",\"lost_of_fill\":").append(fill.lost.get())
                .append(",\"lost_of_probes\":").append(probes.lost.get())
                .append(",\"lost_of_resume\":").append(again.lost.get())
                .append(",\"rss_kb_after\":").append(after.rssKb())
                .append(",\"resumed_ok\":").append(resumed >= resume && allEcho[0] == allEcho[1])
                .append(",\"watched_processes\":").append(before.processes()).append('}');

        group.next().submit(() -> snapshotHeld().forEach(CapAttempt::release)).get(10, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        watchdog.interrupt();
        return json.toString();
    }

    /** The watched process's RSS over the windows at the cap, sampled every 250 ms. */
    private static final class RssRange {
        long min = Long.MAX_VALUE;
        long max;
        int samples;

        void sample(long pid) {
            long kb = ProcStats.sample(pid).rssKb();
            min = Math.min(min, kb);
            max = Math.max(max, kb);
            samples++;
        }
    }

    /** A window at the cap: how long, and the watched process's CPU over it (% of one core). */
    private record Window(double seconds, double cpuPct) {
    }

    /** Stays at the cap for {@code seconds}, launching {@code rate} attempts per second into {@code batch}. */
    private Window hold(int seconds, double rate, Batch batch, RssRange rss) throws InterruptedException {
        ProcStats.Sample cpu0 = ProcStats.sample(watchPid);
        long h0 = System.nanoTime();
        long nextProbe = h0;
        long nextSample = h0;
        long end = h0 + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (rate > 0 && now >= nextProbe) {
                launch(batch);
                nextProbe += (long) (1e9 / rate);
            }
            if (now >= nextSample) {
                rss.sample(watchPid);
                nextSample += TimeUnit.MILLISECONDS.toNanos(250);
            }
            Thread.sleep(5);
        }
        ProcStats.Sample cpu1 = ProcStats.sample(watchPid);
        double window = (System.nanoTime() - h0) / 1e9;
        return new Window(window, (cpu1.cpuTicks() - cpu0.cpuTicks()) * 100.0 / ProcStats.TICKS_PER_SECOND
                / Math.max(window, 1e-3));
    }

    private void launch(Batch batch) {
        batch.launched.incrementAndGet();
        InetSocketAddress local = new InetSocketAddress(
                Args.source(sourceBase, sourceCount, nextSource.getAndIncrement()), 0);
        CapAttempt attempt = new CapAttempt(target.getHostString() + ":" + target.getPort(), path,
                answerTimeoutMillis, batch);
        bootstrap.clone().handler(attempt).connect(target, local).addListener(f -> {
            if (!f.isSuccess()) {
                batch.heldAtFirstRefusal.compareAndSet(-1, held.size());
                batch.outcomes.add(Outcomes.kindOf(f.cause(), true));
                batch.releasePermit();
            }
        });
    }

    private static void awaitSettled(Batch batch, long deadlineNanos) throws InterruptedException {
        while (!batch.settled() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
    }

    private List<CapAttempt> snapshotHeld() {
        synchronized (held) {
            return new ArrayList<>(held);
        }
    }

    private int openHeld() throws Exception {
        List<CapAttempt> now = snapshotHeld();
        return group.next().submit(() -> (int) now.stream().filter(CapAttempt::isOpen).count()).get(10,
                TimeUnit.SECONDS);
    }

    /** Sends one echo on each open connection of {@code conns}; returns {echoes back within 5 s, sent}. */
    private int[] verify(List<CapAttempt> conns) throws Exception {
        int start = echoes.get();
        int sent = group.next().submit(() -> {
            int n = 0;
            for (CapAttempt c : conns) {
                if (c.isOpen()) {
                    c.sendEcho();
                    n++;
                }
            }
            return n;
        }).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (echoes.get() - start < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new int[]{echoes.get() - start, sent};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
