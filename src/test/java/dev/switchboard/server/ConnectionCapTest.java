package dev.switchboard.server;

import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** worker_connections: over the cap a connection is closed at once, and accepting resumes when one frees up. */
class ConnectionCapTest {

    @TempDir
    Path prefix;

    @Test
    void connectionsOverTheCapAreRefusedCleanlyAndAcceptingResumes() throws Exception {
        try (TestProxy proxy = new TestProxy("""
                worker_processes 1;
                events { worker_connections 2; }
                http { server { listen 127.0.0.1:PORT; location / { return 200 ok; } } }
                """, prefix)) {
            Socket first = new Socket("127.0.0.1", proxy.port());
            Socket second = new Socket("127.0.0.1", proxy.port());
            try (Socket third = new Socket("127.0.0.1", proxy.port())) {
                third.setSoTimeout(5_000);
                InputStream in = third.getInputStream();
                assertThat(in.read()).as("over the cap: closed without a byte").isEqualTo(-1);
            }
            first.close();
            await().untilAsserted(() -> assertThat(RawHttp.exchange(null, proxy.port(),
                    "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endsWith("ok"));
            second.close();
        }
    }
}
