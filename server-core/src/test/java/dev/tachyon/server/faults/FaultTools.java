package dev.tachyon.server.faults;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import java.util.ArrayList;
import java.util.List;

/** Tools that misbehave, registered through the embedding API, and two that behave. */
final class FaultTools {

    private FaultTools() {
    }

    static TachyonServer.Builder register(TachyonServer.Builder builder) {
        return builder
                .tool(Tool.builder("echo").description("echoes, on the event loop")
                        .inline((call, out) -> out.text(call.arguments().string("text")))
                        .build())
                .tool(Tool.builder("blob").description("n bytes of text, on the event loop")
                        .inline((call, out) -> out.text("x".repeat((int) call.arguments().integer("bytes"))))
                        .build())
                .tool(Tool.builder("blob_blocking").description("n bytes of text, from a worker")
                        .blocking(call -> ToolResult.text("x".repeat((int) call.arguments().integer("bytes"))))
                        .build())
                .tool(Tool.builder("sleep").description("sleeps ms milliseconds on a worker")
                        .blocking(call -> {
                            Thread.sleep(call.arguments().integer("ms"));
                            return ToolResult.text("slept");
                        })
                        .build())
                .tool(Tool.builder("throw").description("always throws")
                        .blocking(call -> {
                            throw new IllegalStateException("this tool always fails");
                        })
                        .build())
                .tool(Tool.builder("hang").description("never returns unless interrupted")
                        .blocking(call -> {
                            Thread.sleep(Long.MAX_VALUE);
                            return ToolResult.text("unreachable");
                        })
                        .build())
                .tool(Tool.builder("hog").description("allocates without bound until interrupted")
                        .blocking(call -> {
                            List<byte[]> hoard = new ArrayList<>();
                            while (true) {
                                hoard.add(new byte[1 << 20]);
                                Thread.sleep(5); // the deadline's interrupt ends it
                            }
                        })
                        .build());
    }
}
