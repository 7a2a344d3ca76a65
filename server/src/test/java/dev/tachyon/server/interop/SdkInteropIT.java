package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.testing.NodeTools;
import dev.tachyon.server.testing.TachyonProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official SDK clients against {@code bin/tachyon serve --fixture conformance}, started the
 * way a user starts it, with TCP and Streamable HTTP: the TypeScript SDK client over TCP (through
 * a small newline-framing transport) and over HTTP, running the same checks
 * ({@code src/test/node/sdk-interop.mjs}, including pipelined concurrent calls), and the Java SDK
 * 2.2.0 clients over HTTP, its 2025-11-25 one and its 2026-07-28 one
 * ({@link JavaSdkStatelessChecks}); and the TypeScript SDK v2 client
 * ({@code @modelcontextprotocol/client}), which negotiates the stateless revision 2026-07-28
 * with the same server, over TCP and HTTP ({@code src/test/node/sdk-v2-interop.mjs}; it also
 * drives the 2025-11-25 experimental tasks through its legacy client, each result checked
 * against the SDK's own schema). Node output is kept in {@code target/node-logs}.
 */
class SdkInteropIT {

    private static TachyonProcess server;
    private static int port;
    private static int tcpPort;

    @BeforeAll
    static void start() throws Exception {
        port = TachyonProcess.freePort();
        tcpPort = TachyonProcess.freePort();
        server = TachyonProcess.start("serve", "--fixture", "conformance",
                "--http", "127.0.0.1:" + port, "--tcp", "127.0.0.1:" + tcpPort);
    }

    @Test
    void theTypeScriptSdkClientWorksOverTcp() throws Exception {
        NodeTools.Outcome outcome = NodeTools.runNode("sdk-interop-tcp", Duration.ofSeconds(90),
                "sdk-interop.mjs", "tcp", "127.0.0.1", Integer.toString(tcpPort));
        assertEquals(0, outcome.exitCode(), () -> "sdk-interop.mjs tcp failed:\n" + outcome.tail(8000));
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
    void theTypeScriptSdkV2ClientSpeaksTheStatelessRevisionOverTcpAndHttp() throws Exception {
        for (String[] args : new String[][] {{"tcp", "127.0.0.1", Integer.toString(tcpPort)},
                {"http", "http://127.0.0.1:" + port + "/mcp"}}) {
            String[] command = new String[args.length + 1];
            command[0] = "sdk-v2-interop.mjs";
            System.arraycopy(args, 0, command, 1, args.length);
            NodeTools.Outcome outcome = NodeTools.runNode("sdk-v2-interop-" + args[0], Duration.ofSeconds(90), command);
            assertEquals(0, outcome.exitCode(), () -> "sdk-v2-interop.mjs " + args[0] + " failed:\n" + outcome.tail(8000));
        }
    }

    @Test
    void theJavaSdkClientWorksOverHttp() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .build();
        try (McpSyncClient client = JavaSdkStdioIT.InteropChecks.client(transport)) {
            JavaSdkStdioIT.InteropChecks.exercise(client);
        }
    }

    @Test
    void theJavaSdk2026ClientWorksOverHttp() {
        JavaSdkStatelessChecks.exercise(HttpClientMcpTransport.builder("http://127.0.0.1:" + port + "/mcp").build());
    }
}
