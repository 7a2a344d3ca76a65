package dev.tachyon.server.http;

import dev.tachyon.server.testing.RawHttpConnection;
import dev.tachyon.server.testing.StatelessHttpClient;
import static dev.tachyon.server.http.HttpStatelessTest.assertStatusAndCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.RawHttpResponse;
import dev.tachyon.server.testing.StatelessMeta;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The 2026-07-28 request headers that mirror the body: {@code Mcp-Method}, {@code Mcp-Name} and
 * {@code Mcp-Param-*} for arguments marked {@code x-mcp-header}. Names are case-insensitive,
 * values case-sensitive and trimmed; {@code =?base64?...?=} values are decoded strictly; any
 * disagreement is 400 with {@code -32020}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpHeaderMirrorTest {

    private static final String X_MCP = "test_x_mcp_header";

    private static TachyonServer server;
    private static StatelessHttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        server = ConformanceFixture.register(TachyonServer.builder().http("127.0.0.1", 0).ioThreads(1).drainMillis(500))
                .build().start();
        client = new StatelessHttpClient(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/mcp"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void mcpMethodMustBePresentAndEqualToTheMethod() throws Exception {
        assertStatusAndCode(client.send(client.post("tools/list", "", "{}", null).setHeader("Mcp-Method", "prompts/list")),
                400, -32020);
        assertStatusAndCode(client.send(client.post("tools/list", "", "{}", null).setHeader("Mcp-Method", "TOOLS/LIST")),
                400, -32020);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + StatelessMeta.params("") + "}";
        assertStatusAndCode(client.send(client.raw(body).header("MCP-Protocol-Version", StatelessMeta.VERSION)),
                400, -32020);
        HttpResponse<String> lower = client.send(client.raw(body).header("mcp-protocol-version", StatelessMeta.VERSION)
                .header("mcp-method", "tools/list"));
        assertEquals(200, lower.statusCode(), lower.body());
    }

    @Test
    void mcpNameMustMatchTheNameOrUri() throws Exception {
        assertStatusAndCode(client.send(client.post("tools/call", "\"name\":\"test_simple_text\"", "{}", "other")), 400,
                -32020);
        assertStatusAndCode(client.send(client.post("tools/call", "\"name\":\"test_simple_text\"", "{}", null)), 400,
                -32020);
        assertStatusAndCode(client.send(client.post("prompts/get", "\"name\":\"test_simple_prompt\"", "{}",
                "test_simple_text")), 400, -32020);
        assertEquals(200, client.send(client.post("resources/read", "\"uri\":\"test://static-text\"", "{}",
                "test://static-text")).statusCode());
        assertEquals(200, client.send(client.post("tools/call", "\"name\":\"test_simple_text\"", "{}",
                "=?base64?dGVzdF9zaW1wbGVfdGV4dA==?=")).statusCode());
    }

    @Test
    void whitespaceAroundAValueIsNotPartOfIt() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + StatelessMeta.params("\"name\":\"test_simple_text\"") + "}";
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(RawHttpConnection.postTo("127.0.0.1", body, "MCP-Protocol-Version: " + StatelessMeta.VERSION,
                    "Mcp-Method:  tools/call ", "Mcp-Name:   test_simple_text   "));
            RawHttpResponse r = raw.read();
            assertEquals(200, r.status(), r.body());
        }
    }

    @Test
    void mirroredArgumentsMustMatchTheirHeaders() throws Exception {
        assertEquals(200, call("\"region\":\"us-west1\"", "us-west1").statusCode());
        assertEquals(200, call("\"region\":\"Hello\"", "=?base64?SGVsbG8=?=").statusCode());
        // Without the exact wrapper a value is literal, Base64-looking or not.
        assertEquals(200, call("\"region\":\"SGVsbG8=\"", "SGVsbG8=").statusCode());
        assertEquals(200, call("\"region\":\"=?base64?SGVsbG8=\"", "=?base64?SGVsbG8=").statusCode());
        assertEquals(200, call("\"region\":\"\\u4e16\\u754c\"", "=?base64?5LiW55WM?=").statusCode());

        assertStatusAndCode(call("\"region\":\"us-west1\"", "us-east1"), 400, -32020);
        assertStatusAndCode(call("\"region\":\"us-west1\"", "US-WEST1"), 400, -32020);
        assertStatusAndCode(call("\"region\":\"Hello\"", "=?base64?SGVsbG8?="), 400, -32020);
        assertStatusAndCode(call("\"region\":\"Hello\"", "=?base64?SGVs!!!bG8=?="), 400, -32020);
        assertStatusAndCode(call("\"region\":\"Hello\"", "=?base64?/w==?="), 400, -32020); // not UTF-8
        assertStatusAndCode(call("\"region\":\"us-west1\"", null), 400, -32020);
        assertStatusAndCode(call("", "us-west1"), 400, -32020);
    }

    @Test
    void aRawNonAsciiValueIsRefused() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + StatelessMeta.params("\"name\":\"" + X_MCP + "\",\"arguments\":{\"region\":\"\u00e9t\u00e9\"}") + "}";
        try (RawHttpConnection raw = new RawHttpConnection(server.httpAddress())) {
            raw.write(RawHttpConnection.postTo("127.0.0.1", body, "MCP-Protocol-Version: " + StatelessMeta.VERSION,
                    "Mcp-Method: tools/call", "Mcp-Name: " + X_MCP, "Mcp-Param-Region: \u00e9t\u00e9"));
            RawHttpResponse r = raw.read();
            assertEquals(400, r.status(), r.body());
            assertTrue(r.body().contains("-32020"), r.body());
        }
    }

    private static HttpResponse<String> call(String arguments, String regionHeader) throws Exception {
        var request = client.post("tools/call", "\"name\":\"" + X_MCP + "\",\"arguments\":{" + arguments + "}", "{}",
                X_MCP);
        if (regionHeader != null) {
            request.header("mcp-param-region", regionHeader);
        }
        return client.send(request);
    }
}
