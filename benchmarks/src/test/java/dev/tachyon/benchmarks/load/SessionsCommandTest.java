package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.demo.DemoTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code tachyon-bench sessions} against a real server (in this JVM, so the generator's own
 * connections count too: the figures must be plausible, not exact), and against an admin
 * endpoint that does not answer as it should.
 */
class SessionsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sessions(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sessions";
        System.arraycopy(args, 0, all, 1, args.length);
        return TachyonBench.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void measuresBytesPerSessionIdleAndWithACallInFlight() throws Exception {
        TachyonServer server = DemoTools.register(TachyonServer.builder().tcp("127.0.0.1", 0).admin("127.0.0.1", 0)
                .adminSettings(dev.tachyon.server.admin.AdminSettings.builder().allowGc(true)
                        .gcMinInterval(java.time.Duration.ofMillis(1)).build())
                .ioThreads(1).drainMillis(500)).build().start();
        try {
            int status = sessions("--target", "tcp://127.0.0.1:" + server.tcpAddress().getPort(),
                    "--admin", "127.0.0.1:" + server.adminAddress().getPort(), "--count", "200", "--sleep-ms", "30000",
                    "--threads", "1");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed + err.toString(StandardCharsets.UTF_8));
            long[] perSession = SessionsCommand.perSession(List.of(printed.split("\n")));
            // A session costs a few KiB; anything from nothing to 64 KiB is plausible with the
            // client's side in the same heap and collections that are not exact.
            assertTrue(perSession[0] > 0 && perSession[0] < 64 * 1024, printed);
            assertTrue(perSession[1] > 0 && perSession[1] < 64 * 1024, printed);
            assertTrue(printed.contains("      200        200"), "200 sessions, 200 calls in flight:\n" + printed);
        } finally {
            server.close();
        }
    }

    @Test
    void failsWhenTheMemoryEndpointDoesNotReportWhatItShould() throws Exception {
        HttpServer admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.createContext("/memory", exchange -> {
            byte[] body = "{\"gc\":true,\"heapUsed\":1}".getBytes(StandardCharsets.UTF_8); // no direct memory, no sessions
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        admin.start();
        try {
            int status = sessions("--target", "tcp://127.0.0.1:1", "--admin", "127.0.0.1:" + admin.getAddress().getPort(),
                    "--count", "1");
            assertEquals(1, status);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("/memory has no number"), err.toString(StandardCharsets.UTF_8));
        } finally {
            admin.stop(0);
        }
    }

    @Test
    void failsWhenThereIsNoMemoryEndpoint() throws Exception {
        HttpServer admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        admin.start(); // every path is 404
        try {
            assertEquals(1, sessions("--target", "tcp://127.0.0.1:1", "--admin",
                    "127.0.0.1:" + admin.getAddress().getPort(), "--count", "1"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("answered 404"), err.toString(StandardCharsets.UTF_8));
        } finally {
            admin.stop(0);
        }
    }

    @Test
    void needsTheAdminPortAndACount() {
        assertEquals(2, sessions("--target", "tcp://127.0.0.1:1", "--count", "5"));
        assertEquals(2, sessions("--target", "tcp://127.0.0.1:1", "--admin", "127.0.0.1:2"));
    }
}
