package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.Answers.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.server.testing.LineClient;
import dev.tachyon.api.Annotations;
import dev.tachyon.api.Content;
import dev.tachyon.api.Icon;
import dev.tachyon.api.ResourceLink;
import dev.tachyon.server.TachyonServer;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolAnnotations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Titles, icons, tool annotations, output schemas, structured content, resource links and content annotations on the wire. */
class TcpRichListingTest {

    private static TachyonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TachyonServer.builder().tcp("127.0.0.1", 0)
                .tool(Tool.builder("weather")
                        .title("Weather")
                        .description("Current weather")
                        .icon(Icon.of("https://example.com/sun.png", "image/png", List.of("48x48")))
                        .annotations(ToolAnnotations.builder().readOnlyHint(true).openWorldHint(false).build())
                        .inputSchema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")
                        .outputSchema("{\n  \"type\": \"object\",\n  \"properties\": {\"celsius\": {\"type\": \"number\"}}\n}")
                        .inline((call, out) -> out
                                .content(Content.text("21 C").withAnnotations(Annotations.of(List.of("user"), 0.5, null)))
                                .content(Content.resourceLink(ResourceLink.of("file:///forecast.txt", "forecast", null, "text/plain")))
                                .structured(Map.of("celsius", 21)))
                        .build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void listingAndResultCarryEveryOptionalMember() throws Exception {
        try (LineClient c = new LineClient(server.tcpAddress())) {
            c.initialize("{}");
            c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            Map<String, Object> tool = (Map<String, Object>) ((List<Object>) result(c.read()).get("tools")).get(0);
            assertEquals("Weather", tool.get("title"));
            assertEquals(List.of(Map.of("src", "https://example.com/sun.png", "mimeType", "image/png", "sizes", List.of("48x48"))),
                    tool.get("icons"));
            assertEquals(Map.of("readOnlyHint", true, "openWorldHint", false), tool.get("annotations"));
            assertEquals(Map.of("type", "object", "properties", Map.of("celsius", Map.of("type", "number"))),
                    tool.get("outputSchema"), "a multi-line schema arrives intact on one line");

            c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Oslo\"}}}");
            Map<String, Object> called = result(c.read());
            assertEquals(List.of(
                    Map.of("type", "text", "text", "21 C", "annotations", Map.of("audience", List.of("user"), "priority", 0.5)),
                    Map.of("type", "resource_link", "uri", "file:///forecast.txt", "name", "forecast", "mimeType", "text/plain")),
                    called.get("content"));
            assertEquals(Map.of("celsius", 21L), called.get("structuredContent"));
        }
    }
}
