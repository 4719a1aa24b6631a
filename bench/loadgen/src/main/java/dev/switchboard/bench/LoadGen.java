package dev.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.FastThreadLocal;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator. Modes:
 * <ul>
 *   <li>{@code ws}: N WebSocket connections; closed loop with K messages in flight per connection, or open loop at a
 *       fixed total rate ({@code --rate}, latency measured from each message's intended send time, so a stall is
 *       not hidden by the sender waiting for it);</li>
 *   <li>{@code idle}: N WebSocket connections opened and left idle; reports the watched process's RSS delta;</li>
 *   <li>{@code connrate}: C slots, each in a loop of connect, upgrade, one echo, close handshake;</li>
 *   <li>{@code http}: N keep-alive connections, one GET in flight on each.</li>
 * </ul>
 * Every payload starts with the sender's {@link System#nanoTime()}; latency is read back from the echo. Client
 * sockets bind across 127.B.x.y source addresses. Everything is bounded: connect phase, warm-up, measured window,
 * and a watchdog that halts the JVM if anything overruns. Prints one JSON object on stdout.
 *
 * <p>{@code --tls jdk|openssl} puts a TLS client under the ws, idle and connrate modes (SNI {@code --sni}, default
 * localhost; every certificate trusted: a benchmark client on loopback). Every connection makes a full handshake
 * unless {@code --tls-resume on} lets the engine offer its cached session.
 */
final class LoadGen {

    enum Mode { WS, IDLE, CONNRATE, HTTP }

    enum Phase { CONNECTING, WARMUP, MEASURE, STOPPED }

    private final Mode mode;
    private final String label;
    private final InetSocketAddress target;
    private final String path;
    private final int conns;
    private final int size;
    private final int inflight;
    private final double rate;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int connectTimeoutSeconds;
    private final int settleSeconds;
    private final int connectConcurrency;
    private final long watchPid;
    private final int sourceBase;
    private final int sourceCount;
    private final byte[] httpRequest;
    private final SslContext tls;
    private final String tlsName;
    private final String sni;
    private final boolean tlsResume;
    private final AtomicBoolean tlsReported = new AtomicBoolean();
    private volatile String tlsNegotiated = "";

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile Phase phase = Phase.CONNECTING;
    private final FastThreadLocal<LoopStats> stats = new FastThreadLocal<>() {
        @Override
        protected LoopStats initialValue() {
            LoopStats s = new LoopStats();
            allStats.add(s);
            return s;
        }
    };
    private final List<LoopStats> allStats = new CopyOnWriteArrayList<>();
    private final List<Conn> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicInteger settled = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final CountDownLatch allSettled;

    /** Per event loop counters, touched only by that loop's thread while traffic runs. */
    static final class LoopStats {
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final List<Conn> conns = new ArrayList<>();
        EventLoop loop;
        long completed;
        long errors;
        long reconnects;
        long openLoopSent;
    }

    LoadGen(Mode mode, Args a) {
        this.mode = mode;
        this.label = a.get("label", mode.name().toLowerCase(Locale.ROOT));
        this.target = Args.address(a.get("target", "127.0.0.1:18080"));
        this.path = a.get("path", mode == Mode.HTTP ? "/http" : "/ws");
        this.conns = a.getInt("conns", 50);
        this.size = a.getInt("size", 64);
        this.inflight = a.getInt("inflight", 1);
        this.rate = a.getDouble("rate", 0);
        this.warmupSeconds = a.getInt("warmup", 3);
        this.durationSeconds = a.getInt("duration", 10);
        this.connectTimeoutSeconds = a.getInt("connect-timeout", 60);
        this.settleSeconds = a.getInt("settle", 3);
        this.connectConcurrency = a.getInt("connect-concurrency", 200);
        this.watchPid = Long.parseLong(a.get("watch", "0"));
        this.sourceBase = a.getInt("source-base", 10);
        this.sourceCount = a.getInt("sources", 200);
        this.httpRequest = ("GET " + path + " HTTP/1.1\r\nHost: " + a.get("host", "bench") + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.tlsName = a.get("tls", "off");
        this.sni = a.get("sni", "localhost");
        this.tlsResume = "on".equals(a.get("tls-resume", "off"));
        this.tls = clientTls(tlsName);
        this.allSettled = new CountDownLatch(mode == Mode.CONNRATE ? 0 : conns);
        this.group = new MultiThreadIoEventLoopGroup(a.getInt("threads", 1), EpollIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(newSslHandler(ch));
                        }
                        ch.pipeline().addLast(new Conn());
                    }
                });
    }

    /** The client context of {@code --tls}: null for off; trusts every certificate. */
    private static SslContext clientTls(String which) {
        SslProvider provider;
        switch (which) {
            case "off" -> {
                return null;
            }
            case "jdk" -> provider = SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("--tls openssl: OpenSSL is not available: "
                            + OpenSsl.unavailabilityCause());
                }
                provider = SslProvider.OPENSSL;
            }
            default -> throw new IllegalArgumentException("--tls expects off, jdk or openssl, got " + which);
        }
        try {
            return SslContextBuilder.forClient().sslProvider(provider)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An engine with SNI set. Without {@code --tls-resume on} it is made without a peer host and port, so the
     * context's client session cache (keyed by them) never offers a session: each connection is a full handshake.
     */
    private SslHandler newSslHandler(Channel ch) {
        SSLEngine engine = tlsResume
                ? tls.newEngine(ch.alloc(), sni, target.getPort())
                : tls.newEngine(ch.alloc());
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        engine.setSSLParameters(params);
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(10_000);
        return handler;
    }

    String run() throws Exception {
        long hardLimit = connectTimeoutSeconds + warmupSeconds + durationSeconds + settleSeconds + 30L;
        Thread watchdog = Watchdog.start(hardLimit);

        ProcStats.Sample before = ProcStats.sample(watchPid);
        long t0 = System.nanoTime();
        if (mode == Mode.CONNRATE) {
            phase = Phase.WARMUP;
        }
        for (int i = 0; i < Math.min(connectConcurrency, conns); i++) {
            connectNext();
        }
        boolean complete = allSettled.await(connectTimeoutSeconds, TimeUnit.SECONDS);
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        if (!complete) {
            System.err.printf("loadgen: only %d of %d connections settled within %d s%n", settled.get(), conns,
                    connectTimeoutSeconds);
        }
        StringBuilder json = new StringBuilder();
        json.append("{\"label\":\"").append(label).append("\",\"mode\":\"").append(mode.name().toLowerCase(Locale.ROOT))
                .append("\",\"target\":\"").append(target.getHostString()).append(':').append(target.getPort())
                .append("\",\"conns\":").append(conns).append(",\"opened\":").append(open.size())
                .append(",\"failed\":").append(failed.get())
                .append(",\"connect_s\":").append(fmt(connectSeconds));
        if (mode == Mode.IDLE) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
            ProcStats.Sample after = ProcStats.sample(watchPid);
            int n = Math.max(1, open.size());
            json.append(",\"rss_kb_before\":").append(before.rssKb()).append(",\"rss_kb_after\":")
                    .append(after.rssKb()).append(",\"bytes_per_conn\":")
                    .append((after.rssKb() - before.rssKb()) * 1024 / n);
        } else {
            phase = Phase.WARMUP;
            startTraffic();
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
            ProcStats.Sample cpu0 = ProcStats.sample(watchPid);
            long m0 = System.nanoTime();
            phase = Phase.MEASURE;
            Thread.sleep(TimeUnit.SECONDS.toMillis(durationSeconds));
            phase = Phase.STOPPED;
            long m1 = System.nanoTime();
            ProcStats.Sample cpu1 = ProcStats.sample(watchPid);
            double seconds = (m1 - m0) / 1e9;
            Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            long completed = 0;
            long errors = 0;
            long reconnects = 0;
            for (LoopStats s : allStats) {
                if (s.loop == null) {
                    continue;
                }
                long[] c = s.loop.submit(() -> {
                    merged.add(s.latency);
                    return new long[]{s.completed, s.errors, s.reconnects};
                }).get(5, TimeUnit.SECONDS);
                completed += c[0];
                errors += c[1];
                reconnects += c[2];
            }
            // a message of the ws modes crosses the proxy twice (to the backend and back)
            long forwarded = mode == Mode.WS ? 2 * completed : completed;
            long ticks = cpu1.cpuTicks() - cpu0.cpuTicks();
            double cpuUs = ticks * 1e6 / ProcStats.TICKS_PER_SECOND;
            json.append(",\"size\":").append(size).append(",\"inflight\":").append(inflight)
                    .append(",\"rate\":").append(fmt(rate)).append(",\"seconds\":").append(fmt(seconds))
                    .append(",\"completed\":").append(completed)
                    .append(",\"per_s\":").append(fmt(completed / seconds))
                    .append(",\"mb_per_s\":").append(fmt(mode == Mode.WS ? completed * (double) size / 1e6 / seconds : 0))
                    .append(",\"errors\":").append(errors).append(",\"reconnects\":").append(reconnects)
                    .append(",\"p50_us\":").append(us(merged.getValueAtPercentile(50)))
                    .append(",\"p90_us\":").append(us(merged.getValueAtPercentile(90)))
                    .append(",\"p99_us\":").append(us(merged.getValueAtPercentile(99)))
                    .append(",\"p999_us\":").append(us(merged.getValueAtPercentile(99.9)))
                    .append(",\"max_us\":").append(us(merged.getMaxValue()))
                    .append(",\"forwarded\":").append(forwarded)
                    .append(",\"cpu_s\":").append(fmt(cpuUs / 1e6))
                    .append(",\"cpu_pct\":").append(fmt(cpuUs / 1e4 / seconds))
                    .append(",\"cpu_sys_share\":").append(ticks > 0
                            ? fmt((cpu1.sysTicks() - cpu0.sysTicks()) / (double) ticks) : "null")
                    .append(",\"cpu_us_per_unit\":").append(watchPid > 0 && forwarded > 0 ? fmt(cpuUs / forwarded) : "null")
                    .append(",\"rss_kb\":").append(cpu1.rssKb());
        }
        // after the traffic: connrate's first handshake completes only then
        json.append(",\"tls\":\"").append(tls == null ? "off" : (tlsName + (tlsResume ? "+resume " : " ")
                + tlsNegotiated).trim()).append('"');
        json.append(",\"watched_processes\":").append(before.processes()).append('}');
        phase = Phase.STOPPED;
        for (Conn c : open) {
            c.ctx.channel().close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        watchdog.interrupt();
        return json.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    private void connectNext() {
        int i = nextIndex.getAndIncrement();
        if (mode != Mode.CONNRATE && i >= conns) {
            return;
        }
        InetSocketAddress local = new InetSocketAddress(Args.source(sourceBase, sourceCount, i), 0);
        bootstrap.connect(target, local).addListener(f -> {
            if (!f.isSuccess()) {
                failed.incrementAndGet();
                if (failed.get() <= 5) {
                    System.err.println("loadgen: connect failed: " + f.cause());
                }
                settle();
                if (mode == Mode.CONNRATE && phase != Phase.STOPPED) {
                    connectNext();
                }
            }
        });
    }

    /** A connection finished its set-up, either way; the next one may start. */
    private void settle() {
        if (mode == Mode.CONNRATE) {
            return;
        }
        settled.incrementAndGet();
        allSettled.countDown();
        connectNext();
    }

    private void startTraffic() {
        if (mode == Mode.CONNRATE || mode == Mode.IDLE) {
            return;
        }
        if (rate > 0) {
            int total = open.size();
            for (LoopStats s : allStats) {
                if (s.loop != null && !s.conns.isEmpty()) {
                    s.loop.execute(() -> startOpenLoop(s, rate * s.conns.size() / total));
                }
            }
            return;
        }
        for (Conn c : open) {
            c.ctx.executor().execute(c::kick);
        }
    }

    /** Sends at a fixed rate from one loop, round robin over its connections, ticking every 200 µs. */
    private void startOpenLoop(LoopStats s, double perSecond) {
        long start = System.nanoTime();
        int[] next = {0};
        s.loop.scheduleAtFixedRate(() -> {
            if (phase == Phase.STOPPED) {
                return;
            }
            long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
            List<Conn> touched = new ArrayList<>();
            while (s.openLoopSent < due) {
                Conn c = s.conns.get(next[0]++ % s.conns.size());
                long intended = start + (long) (s.openLoopSent * 1e9 / perSecond);
                c.sendMessage(intended);
                s.openLoopSent++;
                if (!touched.contains(c)) {
                    touched.add(c);
                }
            }
            touched.forEach(c -> c.ctx.flush());
        }, 0, 200, TimeUnit.MICROSECONDS);
    }

    private final AtomicInteger reportedErrors = new AtomicInteger();

    /** The first few errors go to stderr (the bench's loadgen.log), so a count in the table can be explained. */
    private void reportError(String what) {
        if (reportedErrors.incrementAndGet() <= 5) {
            System.err.println("loadgen " + label + ": " + what);
        }
    }

    private static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** One client connection. */
    final class Conn extends ChannelInboundHandlerAdapter implements FrameReader.Listener {
        private ChannelHandlerContext ctx;
        private LoopStats st;
        private ByteBuf head;
        private boolean upgraded;
        private boolean countedOpen;
        private String key;
        private final FrameReader reader = new FrameReader(false);
        private final long bornNanos = System.nanoTime();
        private long httpSentNanos;
        private final ControlFrames control = new ControlFrames();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            st = stats.get();
            st.loop = ctx.channel().eventLoop();
            if (mode == Mode.HTTP) {
                opened();
                if (phase == Phase.WARMUP || phase == Phase.MEASURE) {
                    kick();
                }
                return;
            }
            key = newKey();
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ctx.writeAndFlush(ctx.alloc().buffer(req.length()).writeBytes(req.getBytes(StandardCharsets.US_ASCII)));
            ctx.read();
        }

        private void opened() {
            countedOpen = true;
            open.add(this);
            st.conns.add(this);
            settle();
        }

        /** Starts this connection's closed loop. */
        void kick() {
            if (mode == Mode.HTTP) {
                sendRequest();
            } else {
                for (int i = 0; i < inflight; i++) {
                    sendMessage(System.nanoTime());
                }
            }
            ctx.flush();
        }

        void sendMessage(long timestamp) {
            ByteBuf out = ctx.alloc().buffer(size + 14);
            WsFrames.writeTimestamped(out, size, timestamp, ThreadLocalRandom.current().nextInt());
            ctx.write(out, ctx.voidPromise());
        }

        private void sendRequest() {
            httpSentNanos = System.nanoTime();
            ctx.write(ctx.alloc().buffer(httpRequest.length).writeBytes(httpRequest), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (mode == Mode.HTTP) {
                    httpRead(buf);
                } else if (upgraded) {
                    reader.read(buf, this);
                } else {
                    handshakeRead(buf);
                }
            } finally {
                buf.release();
            }
        }

        private void handshakeRead(ByteBuf buf) {
            if (head == null) {
                head = ctx.alloc().buffer(512);
            }
            head.writeBytes(buf);
            String response = Args.takeHead(head);
            if (response == null) {
                return;
            }
            String accept = Args.header(response, "sec-websocket-accept");
            if (!response.startsWith("HTTP/1.1 101") || !WsFrames.accept(key).equals(accept)) {
                if (failed.incrementAndGet() <= 5) {
                    System.err.println("loadgen: upgrade refused: " + response.lines().findFirst().orElse(""));
                }
                head.release();
                head = null;
                ctx.close();
                if (mode == Mode.CONNRATE) {
                    connectNext();
                } else {
                    settle();
                }
                return;
            }
            upgraded = true;
            if (mode == Mode.CONNRATE) {
                sendMessage(System.nanoTime());
                ctx.flush();
            } else {
                opened();
                if (mode == Mode.WS && rate <= 0 && (phase == Phase.WARMUP || phase == Phase.MEASURE)) {
                    kick();
                }
            }
            if (head.isReadable()) {
                reader.read(head, this);
            }
            head.release();
            head = null;
        }

        private void httpRead(ByteBuf buf) {
            if (head == null) {
                head = ctx.alloc().buffer(512);
            }
            head.writeBytes(buf);
            while (true) {
                int end = ByteBufUtil.indexOf(Args.CRLFCRLF, head);
                if (end < 0) {
                    return;
                }
                String response = head.toString(head.readerIndex(), end - head.readerIndex(),
                        StandardCharsets.ISO_8859_1);
                String cl = Args.header(response, "content-length");
                int body = cl == null ? 0 : Integer.parseInt(cl);
                if (head.writerIndex() < end + 4 + body) {
                    return;
                }
                head.readerIndex(end + 4 + body);
                head.discardReadBytes();
                if (!response.startsWith("HTTP/1.1 200")) {
                    st.errors++;
                    reportError("HTTP answer " + response.lines().findFirst().orElse(""));
                }
                if (phase == Phase.MEASURE) {
                    st.completed++;
                    st.latency.recordValue(Math.min(System.nanoTime() - httpSentNanos, TimeUnit.SECONDS.toNanos(60)));
                }
                if (phase == Phase.WARMUP || phase == Phase.MEASURE) {
                    sendRequest();
                }
            }
        }

        @Override
        public void header(int opcode, boolean fin, long length) {
            control.header(ctx, opcode, length);
        }

        @Override
        public void payload(ByteBuf piece) {
            control.payload(piece);
        }

        @Override
        public void frameEnded(int opcode, long timestamp, long length) {
            if (control.ended(ctx, opcode, false)) {
                return;
            }
            long now = System.nanoTime();
            Phase p = phase;
            if (mode == Mode.CONNRATE) {
                if (p == Phase.MEASURE) {
                    st.completed++;
                    st.latency.recordValue(Math.min(now - bornNanos, TimeUnit.SECONDS.toNanos(60)));
                }
                ByteBuf close = ctx.alloc().buffer(8);
                WsFrames.writeFrame(close, WsFrames.OP_CLOSE, new byte[]{0x03, (byte) 0xE8}, true,
                        ThreadLocalRandom.current().nextInt());
                ctx.writeAndFlush(close, ctx.voidPromise());
                return;
            }
            if (p == Phase.MEASURE) {
                st.completed++;
                st.latency.recordValue(Math.max(0, Math.min(now - timestamp, TimeUnit.SECONDS.toNanos(60))));
            }
            if (rate <= 0 && (p == Phase.WARMUP || p == Phase.MEASURE)) {
                sendMessage(now);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.read();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (head != null) {
                head.release();
                head = null;
            }
            control.release();
            if (countedOpen) {
                open.remove(this);
                st.conns.remove(this);
            }
            Phase p = phase;
            if (p == Phase.STOPPED) {
                return;
            }
            if (mode == Mode.CONNRATE) {
                connectNext();
                return;
            }
            if (!countedOpen) {
                if (!upgraded) {
                    failed.incrementAndGet();
                    settle();
                }
                return;
            }
            if (mode == Mode.HTTP && p != Phase.CONNECTING) {
                // keepalive_requests reached: the proxy closed; open a replacement
                st.reconnects++;
                nextIndex.decrementAndGet();
                InetSocketAddress local = new InetSocketAddress(
                        Args.source(sourceBase, sourceCount, ThreadLocalRandom.current().nextInt(sourceCount)), 0);
                bootstrap.connect(target, local);
                return;
            }
            st.errors++;
            reportError("connection lost in phase " + p);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()
                    && tlsReported.compareAndSet(false, true)) {
                SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                tlsNegotiated = session.getProtocol() + " " + session.getCipherSuite();
                System.err.println("loadgen " + label + ": TLS " + tlsNegotiated);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (st != null) {
                st.errors++;
            }
            reportError("connection error: " + cause);
            ctx.close();
        }
    }
}
