package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TachyonProcess;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official SDK clients over Streamable HTTP against
 * {@code bin/tachyon serve --fixture conformance --http}: the TypeScript SDK (the same checks as
 * over TCP, {@code src/test/node/sdk-interop.mjs}) and the Java SDK 2.1.0.
 */
class HttpInteropIT {

    private static TachyonProcess server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        port = TachyonProcess.freePort();
        server = TachyonProcess.start("serve", "--fixture", "conformance", "--http", "127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        assertEquals(0, server.stop(), () -> "tachyon exit code; stderr:\n" + server.stderr());
    }

    @Test
    void theTypeScriptSdkClientWorksOverHttp() throws Exception {
        NodeTools.Outcome outcome = NodeTools.runNode("sdk-interop-http", Duration.ofSeconds(90),
                "sdk-interop.mjs", "http", "http://127.0.0.1:" + port + "/mcp");
        assertEquals(0, outcome.exitCode(), () -> "sdk-interop.mjs http failed:\n" + outcome.tail(8000));
    }

    @Test
    void theJavaSdkClientWorksOverHttp() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .build();
        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT,
                        McpSchema.TextContent.builder("sampled answer").build(), "test-model",
                        McpSchema.CreateMessageResult.StopReason.END_TURN))
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("username", "ada", "email", "ada@example.com")))
                .build()) {
            JavaSdkStdioIT.InteropChecks.exercise(client);
        }
    }
}
