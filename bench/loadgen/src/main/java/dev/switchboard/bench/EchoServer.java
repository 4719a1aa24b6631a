package dev.switchboard.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's backend on native epoll: answers a WebSocket upgrade with 101 and echoes every data frame back
 * unmasked (payload pieces are unmasked in place and sent as slices, no copy), answers pings, echoes a close and
 * closes; any other request gets a 2-byte 200 with keep-alive (closed after the response for HTTP/1.0 or
 * {@code Connection: close}, as nginx's default upstream requests are).
 */
final class EchoServer {

    private static final byte[] OK_KEEPALIVE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "\r\nok").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_CLOSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII);

    private EchoServer() {
    }

    static void run(Args args) throws InterruptedException {
        InetSocketAddress address = Args.address(args.get("listen", "127.0.0.1:19001"));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(args.getInt("threads", 1), EpollIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Conn());
                    }
                })
                .bind(address).sync().channel();
        System.err.println("echo: listening on " + server.localAddress() + " (epoll)");
        server.closeFuture().sync();
    }

    /** One backend connection: HTTP until upgraded, then frames. */
    private static final class Conn extends ChannelInboundHandlerAdapter implements FrameReader.Listener {
        private ByteBuf head;
        private FrameReader frames;
        private ChannelHandlerContext ctx;
        private int opcode;
        private boolean closing;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (frames != null) {
                    frames.read(buf, this);
                    return;
                }
                if (head == null) {
                    head = ctx.alloc().buffer(512);
                }
                head.writeBytes(buf);
                int end;
                while (frames == null && (end = ByteBufUtil.indexOf(Args.CRLFCRLF, head)) >= 0) {
                    String request = head.toString(head.readerIndex(), end - head.readerIndex(),
                            StandardCharsets.ISO_8859_1);
                    head.readerIndex(end + 4);
                    answer(ctx, request);
                }
                if (frames != null && head.isReadable()) {
                    frames.read(head, this);
                }
                if (!head.isReadable()) {
                    head.release();
                    head = null;
                }
            } finally {
                buf.release();
            }
        }

        private void answer(ChannelHandlerContext ctx, String request) {
            String key = Args.header(request, "sec-websocket-key");
            if (key != null) {
                String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + WsFrames.accept(key) + "\r\n\r\n";
                ctx.write(ctx.alloc().buffer(response.length()).writeBytes(
                        response.getBytes(StandardCharsets.US_ASCII)));
                frames = new FrameReader(true);
                return;
            }
            String connection = Args.header(request, "connection");
            boolean close = request.startsWith("HTTP/1.0", request.indexOf("\r\n") - 8)
                    ? connection == null || !connection.equalsIgnoreCase("keep-alive")
                    : connection != null && connection.equalsIgnoreCase("close");
            byte[] body = close ? OK_CLOSE : OK_KEEPALIVE;
            if (close) {
                ctx.writeAndFlush(ctx.alloc().buffer(body.length).writeBytes(body))
                        .addListener(ChannelFutureListener.CLOSE);
                closing = true;
            } else {
                ctx.write(ctx.alloc().buffer(body.length).writeBytes(body));
            }
        }

        @Override
        public void header(int op, boolean fin, long length) {
            opcode = op;
            if (closing) {
                return;
            }
            int out = op == WsFrames.OP_PING ? WsFrames.OP_PONG : op;
            ByteBuf h = ctx.alloc().buffer(10);
            h.writeByte((fin ? 0x80 : 0) | out);
            if (length < 126) {
                h.writeByte((int) length);
            } else if (length <= 0xFFFF) {
                h.writeByte(126).writeShort((int) length);
            } else {
                h.writeByte(127).writeLong(length);
            }
            ctx.write(h);
        }

        @Override
        public void payload(ByteBuf piece) {
            if (!closing) {
                ctx.write(piece.retain());
            }
        }

        @Override
        public void frameEnded(int op, long timestamp, long length) {
            if (op == WsFrames.OP_CLOSE && !closing) {
                closing = true;
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (head != null) {
                head.release();
                head = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
