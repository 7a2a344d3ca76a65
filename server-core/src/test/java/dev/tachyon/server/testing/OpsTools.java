package dev.tachyon.server.testing;

import dev.tachyon.api.McpException;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;

/** The few tools the operations tests drive traffic with. */
public final class OpsTools {

    private OpsTools() {
    }

    /** {@code echo} (inline), {@code sleep} (blocking, {@code ms}), {@code strict} (always -32602). */
    public static TachyonServer.Builder register(TachyonServer.Builder builder) {
        return builder
                .tool(Tool.builder("echo").description("echoes")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
                        .inline((call, out) -> out.text(call.arguments().string("text")))
                        .build())
                .tool(Tool.builder("sleep").description("sleeps on a worker")
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"}}}")
                        .blocking(call -> {
                            Thread.sleep(call.arguments().integer("ms"));
                            return ToolResult.text("slept");
                        })
                        .build())
                .tool(Tool.builder("strict").description("answers with a JSON-RPC error")
                        .inline((call, out) -> {
                            throw McpException.invalidParams("nope");
                        })
                        .build());
    }
}
