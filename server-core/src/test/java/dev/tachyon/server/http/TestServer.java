package dev.tachyon.server.http;

import dev.tachyon.codec.RawJson;
import dev.tachyon.api.LogLevel;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A Tachyon server on Streamable HTTP (127.0.0.1, a free port, two event loops) with tools for tests. */
final class TestServer implements AutoCloseable {

    /** Three concurrent calls of {@code rendezvous} meet here; each waits until all three run. */
    final CountDownLatch rendezvous = new CountDownLatch(3);
    final TachyonServer server;

    private TestServer(HttpSettings.Builder settings, int maxFrameBytes) throws InterruptedException {
        this.server = TachyonServer.builder()
                .http(settings.host("127.0.0.1").port(0).build())
                .maxFrameBytes(maxFrameBytes)
                .ioThreads(2)
                .drainMillis(1000)
                // rendezvous needs three calls of one session running at once: more than the default share (half of 4)
                .settings(dev.tachyon.server.engine.EngineSettings.builder().workerThreads(4).workerShares(3, 0).build())
                .tool(Tool.builder("echo")
                        .description("Echoes its text")
                        .inline((call, result) -> result.text(call.arguments().string("text", "")))
                        .build())
                .tool(Tool.builder("chatty")
                        .description("Reports progress and logs before its result")
                        .blocking(call -> {
                            call.progress(0, 100.0, "start");
                            call.log(LogLevel.INFO, "chatty", "working");
                            call.progress(50, 100.0, null);
                            call.progress(100, 100.0, "done");
                            return ToolResult.text("chatty done");
                        })
                        .build())
                .tool(Tool.builder("ask")
                        .description("Asks the user for a name")
                        .blocking(call -> {
                            Map<String, Object> answer = call.elicit(Map.of(
                                    "message", "Your name?",
                                    "requestedSchema", Map.of("type", "object",
                                            "properties", Map.of("name", Map.of("type", "string")))));
                            Object content = answer.get("content");
                            return ToolResult.text("hello " + ((Map<?, ?>) content).get("name"));
                        })
                        .build())
                .tool(Tool.builder("reconnect")
                        .description("Drops its SSE connection, then answers after delayMs")
                        .blocking(call -> {
                            call.disconnect();
                            Thread.sleep(call.arguments().integer("delayMs", 0));
                            return ToolResult.text("reconnected");
                        })
                        .build())
                .tool(Tool.builder("sleep")
                        .description("Answers after ms milliseconds")
                        .blocking(call -> {
                            Thread.sleep(call.arguments().integer("ms", 0));
                            return ToolResult.text("slept");
                        })
                        .build())
                .tool(Tool.builder("flood")
                        .description("Sends count log notifications of about size bytes each, then answers")
                        .blocking(call -> {
                            // Pre-encoded data: written in bulk, so the flood is quick even under the leak detector.
                            RawJson big = RawJson.of("\"" + "x".repeat((int) call.arguments().integer("size", 8192)) + "\"");
                            long count = call.arguments().integer("count", 1);
                            for (long i = 0; i < count; i++) {
                                call.log(LogLevel.ERROR, null, big);
                            }
                            return ToolResult.text("flood done");
                        })
                        .build())
                .tool(Tool.builder("rendezvous")
                        .description("Answers once three calls run at the same time")
                        .blocking(call -> {
                            rendezvous.countDown();
                            return ToolResult.text(rendezvous.await(5, TimeUnit.SECONDS) ? "met" : "alone");
                        })
                        .build())
                .build()
                .start();
    }

    static TestServer start() throws InterruptedException {
        return new TestServer(HttpSettings.builder().sseRetryMillis(500), 64 * 1024);
    }

    static TestServer start(HttpSettings.Builder settings) throws InterruptedException {
        return new TestServer(settings, dev.tachyon.codec.NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES);
    }

    static HttpSettings.Builder settings() {
        return HttpSettings.builder();
    }

    InetSocketAddress address() {
        return server.httpAddress();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + address().getPort() + "/mcp");
    }

    McpHttpClient client() {
        return new McpHttpClient(uri());
    }

    static Duration seconds(long n) {
        return Duration.ofSeconds(n);
    }

    @Override
    public void close() {
        server.close();
    }
}
