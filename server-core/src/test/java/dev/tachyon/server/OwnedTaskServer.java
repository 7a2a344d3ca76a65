package dev.tachyon.server;

import dev.tachyon.api.ToolResult;
import dev.tachyon.server.auth.AuthSettings;
import dev.tachyon.server.testing.MockIssuer;
import java.net.URI;
import java.util.List;

/**
 * For the task-ownership tests of both revisions: a server with OAuth on, trusting a
 * {@link MockIssuer}, and one task tool, {@code echo}, that answers with its caller's subject.
 */
final class OwnedTaskServer implements AutoCloseable {

    private static final String RESOURCE = "https://mcp.example.test/mcp";

    private final MockIssuer issuer;
    private final TachyonServer server;

    OwnedTaskServer() throws InterruptedException {
        issuer = MockIssuer.start();
        server = TachyonServer.builder().http("127.0.0.1", 0).ioThreads(2).drainMillis(500)
                .auth(AuthSettings.builder(RESOURCE).authorizationServers(List.of(issuer.issuer())).build())
                .tool(TasksTest.task("echo", call -> ToolResult.text("for " + call.principal().subject())))
                .build().start();
    }

    /** The MCP endpoint. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp");
    }

    /** An {@code Authorization} value: a signed token for {@code subject}, valid ten minutes. */
    String bearer(String subject) {
        return "Bearer " + issuer.token(subject, RESOURCE, 600);
    }

    @Override
    public void close() {
        server.close();
        issuer.close();
    }
}
