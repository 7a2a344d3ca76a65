package dev.tachyon.server.testing;

import dev.tachyon.api.Content;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.LogLevel;
import dev.tachyon.api.McpException;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.Catalogs;
import dev.tachyon.server.engine.EngineSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The catalog that the engine harness and the contract suite serve, the same on every transport:
 * inline and blocking tools, tools that fail each way, a tool that waits until released (for
 * cancellation without sleeping) and one that sleeps (for deadlines), tools that log, report
 * progress and elicit, enough tools for two pages at {@link #PAGE_SIZE}, resources, a template
 * and a prompt with completions.
 *
 * <p>One instance per server or harness: its latches are that server's.
 */
public final class TestCatalog {

    /** The list page size the harness and the contract servers use; the catalog has more tools than this. */
    public static final int PAGE_SIZE = 8;
    /** Tools named {@code filler-N}, so that tools/list needs more than one page. */
    public static final int FILLER_TOOLS = 4;
    /** The resource every transport serves. */
    public static final String RESOURCE_URI = "test://a";

    /** Counted down by {@code wait} and {@code sleep} once they run. */
    public final CountDownLatch started = new CountDownLatch(1);
    /** Counted down by {@code wait} and {@code sleep} when their interrupt (a cancellation, a deadline) reaches them. */
    public final CountDownLatch interrupted = new CountDownLatch(1);
    /** Lets {@code wait} answer. */
    public final CountDownLatch release = new CountDownLatch(1);

    /** Engine settings with {@link #PAGE_SIZE} and a small worker pool, for harness and servers alike. */
    public static EngineSettings.Builder settings() {
        return EngineSettings.builder().pageSize(PAGE_SIZE).workerThreads(2);
    }

    /** The tools, in registration order. */
    public List<Tool> tools() {
        List<Tool> tools = new java.util.ArrayList<>(List.of(
                Tool.builder("echo").description("echoes its text")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                        .inline((call, out) -> out.text(call.arguments().string("text")))
                        .build(),
                Tool.builder("blob").description("n bytes of text")
                        .inline((call, out) -> out.text("x".repeat((int) call.arguments().integer("bytes"))))
                        .build(),
                Tool.builder("echo_blocking").description("echoes its text on a worker")
                        .blocking(call -> ToolResult.text("blocking " + call.arguments().string("text")))
                        .build(),
                Tool.builder("explode").description("throws on the event loop")
                        .inline((call, out) -> {
                            throw new IllegalStateException("boom");
                        })
                        .build(),
                Tool.builder("explode_blocking").description("throws on a worker")
                        .blocking(call -> {
                            throw new java.io.IOException("disk on fire");
                        })
                        .build(),
                Tool.builder("refuse").description("answers with an error result")
                        .blocking(call -> ToolResult.error("refused: " + call.arguments().string("why", "no reason")))
                        .build(),
                Tool.builder("strict").description("answers with a JSON-RPC error")
                        .inline((call, out) -> {
                            throw McpException.invalidParams("nope");
                        })
                        .build(),
                Tool.builder("wait").description("waits until released or cancelled")
                        .blocking(call -> {
                            started.countDown();
                            try {
                                if (!release.await(10, TimeUnit.SECONDS)) {
                                    return ToolResult.error("never released");
                                }
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                                throw e;
                            }
                            return ToolResult.text("released");
                        })
                        .build(),
                Tool.builder("sleep").description("sleeps ms milliseconds")
                        .blocking(call -> {
                            started.countDown();
                            try {
                                Thread.sleep(call.arguments().integer("ms"));
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                                throw e;
                            }
                            return ToolResult.text("slept");
                        })
                        .build(),
                Tool.builder("chatty").description("logs and reports progress")
                        .blocking(call -> {
                            call.progress(0, 2.0, "start");
                            call.log(LogLevel.DEBUG, "t", "debug line");
                            call.log(LogLevel.INFO, "t", "info line");
                            call.log(LogLevel.ERROR, "t", Map.of("what", "error line"));
                            call.progress(2, 2.0, null);
                            return ToolResult.text("done");
                        })
                        .build(),
                Tool.builder("ask").description("elicits a name")
                        .blocking(call -> {
                            Map<String, Object> answer = call.elicit(Map.of("message", "name?",
                                    "requestedSchema", Map.of("type", "object", "properties",
                                            Map.of("name", Map.of("type", "string")))));
                            return ToolResult.text("got " + answer.get("content"));
                        })
                        .build()));
        for (int i = 0; i < FILLER_TOOLS; i++) {
            String name = "filler-" + i;
            tools.add(Tool.builder(name).description("fills a page").inline((call, out) -> out.text(name)).build());
        }
        return tools;
    }

    /** The resources. */
    public List<Resource> resources() {
        return List.of(Resource.builder(RESOURCE_URI, "a").mimeType("text/plain").text("alpha").build());
    }

    /** The resource templates. */
    public List<ResourceTemplate> templates() {
        return List.of(ResourceTemplate.builder("test://items/{id}", "items")
                .completer((arg, prefix, ctx) -> List.of(prefix + "1", prefix + "2"))
                .handler(Dispatch.BLOCKING, r -> List.of(ResourceContents.text(r.uri(), "text/plain",
                        "item " + r.variables().get("id"))))
                .build());
    }

    /** The prompts. */
    public List<Prompt> prompts() {
        return List.of(Prompt.builder("greet").description("greets").argument("name", "who", true)
                .completer((arg, prefix, ctx) -> List.of("Ada", "Alan").stream()
                        .filter(v -> v.startsWith(prefix)).collect(Collectors.toList()))
                .handler(Dispatch.INLINE, args -> PromptResult.of(
                        PromptMessage.user(Content.text("Hello " + args.string("name")))))
                .build());
    }

    /** Registers everything on a server builder (engine settings are the caller's: {@link #settings()} for the harness's). */
    public TachyonServer.Builder register(TachyonServer.Builder builder) {
        tools().forEach(builder::tool);
        resources().forEach(builder::resource);
        templates().forEach(builder::resourceTemplate);
        prompts().forEach(builder::prompt);
        return builder;
    }

    /** Everything in engine catalogs with this list page size, for the in-memory harness. */
    public Catalogs catalogs(int pageSize) {
        Catalogs catalogs = new Catalogs(pageSize);
        tools().forEach(catalogs.tools()::put);
        resources().forEach(catalogs.resources()::put);
        templates().forEach(catalogs.templates()::put);
        prompts().forEach(catalogs.prompts()::put);
        return catalogs;
    }
}
