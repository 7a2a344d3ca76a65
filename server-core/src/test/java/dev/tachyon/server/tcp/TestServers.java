package dev.tachyon.server.tcp;

import dev.tachyon.api.Dispatch;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.api.Content;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The small catalog the protocol tests run against. */
final class TestServers {

    /** Counted down when the {@code sleep} tool starts sleeping. */
    static volatile CountDownLatch sleeping = new CountDownLatch(1);
    /** Counted down when the {@code sleep} tool sees its interrupt (cancellation reached it). */
    static volatile CountDownLatch interrupted = new CountDownLatch(1);

    private TestServers() {
    }

    static TachyonServer.Builder builder() {
        return TachyonServer.builder()
                .tcp("127.0.0.1", 0)
                .tool(Tool.builder("echo").description("echo")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                        .inline((call, out) -> out.text(call.arguments().string("text")))
                        .build())
                .tool(Tool.builder("blob").description("n bytes of text")
                        .inline((call, out) -> out.text("x".repeat((int) call.arguments().integer("bytes"))))
                        .build())
                .tool(Tool.builder("explode").description("throws")
                        .inline((call, out) -> {
                            throw new IllegalStateException("boom");
                        })
                        .build())
                .tool(Tool.builder("explode_blocking").description("throws on a worker")
                        .blocking(call -> {
                            throw new java.io.IOException("disk on fire");
                        })
                        .build())
                .tool(Tool.builder("strict").description("answers with a JSON-RPC error")
                        .inline((call, out) -> {
                            throw McpException.invalidParams("nope");
                        })
                        .build())
                .tool(Tool.builder("sleep").description("sleeps")
                        .blocking(call -> {
                            try {
                                sleeping.countDown();
                                Thread.sleep(call.arguments().integer("ms"));
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                                throw e;
                            }
                            return ToolResult.text("slept");
                        })
                        .build())
                .tool(Tool.builder("chatty").description("logs and reports progress")
                        .blocking(call -> {
                            call.progress(0, 2.0, "start");
                            call.log(LogLevel.DEBUG, "t", "debug line");
                            call.log(LogLevel.INFO, "t", "info line");
                            call.log(LogLevel.ERROR, "t", Map.of("what", "error line"));
                            call.progress(2, 2.0, null);
                            return ToolResult.text("done");
                        })
                        .build())
                .tool(Tool.builder("ask").description("elicits")
                        .blocking(call -> {
                            Map<String, Object> answer = call.elicit(Map.of("message", "name?",
                                    "requestedSchema", Map.of("type", "object", "properties",
                                            Map.of("name", Map.of("type", "string")))));
                            return ToolResult.text("got " + answer.get("content"));
                        })
                        .build())
                .resource(Resource.builder("test://a", "a").mimeType("text/plain").text("alpha").build())
                .resourceTemplate(ResourceTemplate.builder("test://items/{id}", "items")
                        .completer((arg, prefix, ctx) -> List.of(prefix + "1", prefix + "2"))
                        .handler(Dispatch.BLOCKING, r -> List.of(ResourceContents.text(r.uri(), "text/plain",
                                "item " + r.variables().get("id"))))
                        .build())
                .prompt(Prompt.builder("greet").description("greets").argument("name", "who", true)
                        .completer((arg, prefix, ctx) -> List.of("Ada", "Alan").stream()
                                .filter(v -> v.startsWith(prefix)).collect(java.util.stream.Collectors.toList()))
                        .handler(Dispatch.INLINE, args -> PromptResult.of(
                                PromptMessage.user(Content.text("Hello " + args.string("name")))))
                        .build());
    }
}
