package dev.tachyon.server.http;

import dev.tachyon.codec.RawJson;
import dev.tachyon.api.LogLevel;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.testing.TestServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tools the Streamable HTTP tests call (progress, elicitation, SSE reconnection, floods, three
 * calls that must run at once) and the server they run on: {@link TestServer} on HTTP only,
 * {@code 127.0.0.1}, a free port, two event loops.
 */
final class HttpTools {

    private HttpTools() {
    }

    /** The server extension with a 64 KiB body limit and a 500 ms SSE retry. */
    static TestServer server() {
        return server(HttpSettings.builder().sseRetryMillis(500), 64 * 1024);
    }

    /** The server extension with these HTTP settings (host and port are set here) and the default body limit. */
    static TestServer server(HttpSettings.Builder settings) {
        return server(settings, dev.tachyon.codec.NdjsonFrameDecoder.DEFAULT_MAX_FRAME_BYTES);
    }

    private static TestServer server(HttpSettings.Builder settings, int maxFrameBytes) {
        return TestServer.of(register(TachyonServer.builder()
                .http(settings.host("127.0.0.1").port(0).build())
                .maxFrameBytes(maxFrameBytes)
                .ioThreads(2)
                .drainMillis(1000)
                // rendezvous needs three calls of one session running at once: more than the default share (half of 4)
                .settings(dev.tachyon.server.engine.EngineSettings.builder().workerThreads(4).workerShares(3, 0).build())));
    }

    private static TachyonServer.Builder register(TachyonServer.Builder builder) {
        // Three concurrent calls of rendezvous meet here; each waits until all three run.
        CountDownLatch rendezvous = new CountDownLatch(3);
        return builder
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
                        .build());
    }
}
