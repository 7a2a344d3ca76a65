package dev.tachyon.server.connection;

import dev.tachyon.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.http.HttpSettings;
import dev.tachyon.server.memory.MemoryPressure;
import dev.tachyon.server.testing.RawHttpResponse;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one connection pipeline: its stages in one order, and each limit meaning the same on TCP
 * and HTTP, over real sockets: an idle connection is closed after {@code limits.idle-timeout},
 * a client that does not read after {@code limits.write-stall-timeout}, and a message over
 * {@code limits.max-frame-bytes} (set once, on the builder) is refused on both.
 */
class ConnectionPipelineTest {

    private static final Duration IDLE = Duration.ofMillis(400);
    private static final Duration STALL = Duration.ofMillis(500);
    private static final int MAX_FRAME = 64 * 1024;
    private static final String BIG = "x".repeat(64 * 1024);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"p\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .http(HttpSettings.builder().host("127.0.0.1").port(0).build())
                .idleTimeout(IDLE).writeStallTimeout(STALL).maxFrameBytes(MAX_FRAME)
                .tool(Tool.builder("big").description("Answers 64 KiB").inline((call, result) -> result.text(BIG)).build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyTransportGetsTheSharedStagesInOneOrderBeforeItsOwnHandlers() {
        ConnectionSettings settings = new ConnectionSettings(MAX_FRAME, 10, IDLE, STALL, Duration.ofSeconds(5));
        ConnectionPipeline pipeline = ConnectionPipeline.of("test", settings,
                new ConnectionLimit(10, MemoryPressure.none()), (alloc, reason, limit) -> alloc.buffer(),
                new ConnectionBudgets(1 << 20), null);
        EmbeddedChannel channel = new EmbeddedChannel();
        int[] frameLimit = new int[1];
        pipeline.install(channel, (p, maxFrameBytes) -> {
            frameLimit[0] = maxFrameBytes;
            p.addLast("codec", new ChannelInboundHandlerAdapter());
            p.addLast("handler", new ChannelInboundHandlerAdapter());
            return ConnectionWork.NONE;
        });
        List<String> names = new ArrayList<>(channel.pipeline().names());
        names.removeIf(name -> name.startsWith("DefaultChannelPipeline$TailContext"));
        List<String> expected = new ArrayList<>(ConnectionPipeline.STAGES);
        expected.removeAll(List.of(ConnectionPipeline.PROXY_SIGNATURE, ConnectionPipeline.PROXY_DECODER, ConnectionPipeline.PROXY, // not configured
                ConnectionPipeline.TLS_PROBE, ConnectionPipeline.TLS, ConnectionPipeline.TLS_WATCH)); // a plaintext listener
        expected.addAll(List.of("codec", "handler"));
        assertEquals(expected, names);
        assertEquals(MAX_FRAME, frameLimit[0], "the codec is given the one frame/body limit");
        channel.finishAndReleaseAll();
    }

    @Test
    void behindABalancerThePROXYStagesComeRightAfterTheGate() {
        ConnectionSettings settings = new ConnectionSettings(MAX_FRAME, 10, IDLE, STALL, Duration.ofSeconds(5));
        ConnectionPipeline pipeline = ConnectionPipeline.of("test", settings,
                new ConnectionLimit(10, MemoryPressure.none()), (alloc, reason, limit) -> alloc.buffer(),
                new ConnectionBudgets(1 << 20), null, true);
        EmbeddedChannel channel = new EmbeddedChannel();
        pipeline.install(channel, (p, maxFrameBytes) -> {
            p.addLast("codec", new ChannelInboundHandlerAdapter());
            return ConnectionWork.NONE;
        });
        List<String> names = new ArrayList<>(channel.pipeline().names());
        names.removeIf(name -> name.startsWith("DefaultChannelPipeline$TailContext"));
        List<String> expected = new ArrayList<>(ConnectionPipeline.STAGES);
        expected.removeAll(List.of(ConnectionPipeline.TLS_PROBE, ConnectionPipeline.TLS, ConnectionPipeline.TLS_WATCH)); // a plaintext listener
        expected.add("codec");
        assertEquals(expected, names);
        channel.finishAndReleaseAll();
    }

    @Test
    void anIdleTcpConnectionIsClosed() throws Exception {
        long before = closes(ConnectionCloses.Reason.IDLE_TIMEOUT);
        try (Socket s = connect(server.tcpAddress())) {
            s.getOutputStream().write((INITIALIZE + "\n").getBytes(StandardCharsets.UTF_8));
            assertTrue(line(s.getInputStream()).contains("\"id\":1"), "initialized");
            assertClosedWithin(s, IDLE.multipliedBy(5));
        }
        assertTrue(closes(ConnectionCloses.Reason.IDLE_TIMEOUT) > before, "counted as idle-timeout");
    }

    @Test
    void anIdleHttpConnectionIsClosed() throws Exception {
        long before = closes(ConnectionCloses.Reason.IDLE_TIMEOUT);
        try (Socket s = connect(server.httpAddress())) {
            s.getOutputStream().write(post(INITIALIZE, null).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawHttpResponse.read(s.getInputStream()).status());
            assertClosedWithin(s, IDLE.multipliedBy(5));
        }
        assertTrue(closes(ConnectionCloses.Reason.IDLE_TIMEOUT) > before, "counted as idle-timeout");
    }

    @Test
    void aTcpClientThatDoesNotReadIsClosedAfterTheWriteStall() throws Exception {
        long before = closes(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        try (Socket s = connect(server.tcpAddress(), 4096)) {
            StringBuilder requests = new StringBuilder(INITIALIZE).append('\n');
            for (int i = 0; i < 100; i++) { // 6.4 MB of answers, none of them read
                requests.append(call(i + 10)).append('\n');
            }
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.UTF_8));
            awaitClose(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT, before);
        }
    }

    @Test
    void anHttpClientThatDoesNotReadIsClosedAfterTheWriteStall() throws Exception {
        long before = closes(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT);
        try (Socket s = connect(server.httpAddress(), 4096)) {
            s.getOutputStream().write(post(INITIALIZE, null).getBytes(StandardCharsets.UTF_8));
            String session = RawHttpResponse.read(s.getInputStream()).header("mcp-session-id");
            s.getOutputStream().write(post(INITIALIZED, session).getBytes(StandardCharsets.UTF_8));
            assertEquals(202, RawHttpResponse.read(s.getInputStream()).status());
            StringBuilder calls = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                calls.append(post(call(i + 10), session));
            }
            s.getOutputStream().write(calls.toString().getBytes(StandardCharsets.UTF_8));
            awaitClose(ConnectionCloses.Reason.WRITE_STALL_TIMEOUT, before);
        }
    }

    @Test
    void aTcpLineOverTheFrameLimitIsRefused() throws Exception {
        try (Socket s = connect(server.tcpAddress())) {
            s.getOutputStream().write((oversized() + "\n").getBytes(StandardCharsets.UTF_8));
            String error = line(s.getInputStream());
            assertTrue(error.contains("\"maxFrameBytes\":" + MAX_FRAME), error);
            assertClosedWithin(s, Duration.ofSeconds(Linger.SECONDS + 2));
        }
    }

    @Test
    void anHttpBodyOverTheFrameLimitIsRefused() throws Exception {
        try (Socket s = connect(server.httpAddress())) {
            s.getOutputStream().write(post(oversized(), null).getBytes(StandardCharsets.UTF_8));
            RawHttpResponse response = RawHttpResponse.read(s.getInputStream());
            assertEquals(413, response.status());
            assertTrue(response.body().contains(String.valueOf(MAX_FRAME)), response.body());
        }
    }

    @Test
    void anHttpBodyWithinTheFrameLimitIsServed() throws Exception {
        try (Socket s = connect(server.httpAddress())) {
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"pad\":\""
                    + "p".repeat(MAX_FRAME - 200) + "\"}}";
            s.getOutputStream().write(post(INITIALIZE, null).getBytes(StandardCharsets.UTF_8));
            String session = RawHttpResponse.read(s.getInputStream()).header("mcp-session-id");
            s.getOutputStream().write(post(ping, session).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawHttpResponse.read(s.getInputStream()).status(), "a body under the limit is read");
        }
    }

    private static String oversized() {
        return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\"" + "p".repeat(MAX_FRAME + 10) + "\"}}";
    }

    private static String call(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"big\"}}";
    }

    private static String post(String body, String session) {
        StringBuilder sb = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n");
        if (session != null) {
            sb.append("Mcp-Session-Id: ").append(session).append("\r\nMCP-Protocol-Version: 2025-11-25\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sb.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
    }

    private static long closes(ConnectionCloses.Reason reason) {
        return ServerInternals.connectionBudgets(server).closes().count(reason);
    }

    private static void awaitClose(ConnectionCloses.Reason reason, long before) throws InterruptedException {
        long deadline = System.nanoTime() + STALL.plusSeconds(5).toNanos();
        while (closes(reason) == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, closes(reason), "closed for " + reason.label());
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    private static Socket connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(address, 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed before a whole line");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The server closes {@code s} within {@code limit}: end of stream (or a reset), not a read timeout. */
    private static void assertClosedWithin(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        long start = System.nanoTime();
        try {
            while (s.getInputStream().read() >= 0) {
                // skip whatever else comes (nothing is expected)
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after " + limit.toMillis() + " ms", e);
        } catch (SocketException reset) {
            // a reset is the server letting go too
        }
        assertTrue(System.nanoTime() - start < limit.toNanos(), "closed in time");
    }
}
