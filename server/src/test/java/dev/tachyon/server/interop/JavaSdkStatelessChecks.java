package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the Java SDK 2.2.0 2026-07-28 client ({@code io.modelcontextprotocol.modern.client}, the
 * stateless revision only: no {@code initialize}, every request carries its version and
 * capabilities in {@code _meta}) checks against the conformance fixture, whatever the transport.
 * The 2025-11-25 client's checks are {@link JavaSdkStdioIT.InteropChecks}.
 */
final class JavaSdkStatelessChecks {

    private static final String REVISION = "2026-07-28";

    private JavaSdkStatelessChecks() {
    }

    /** Runs every check with a fresh 2026-07-28 client on {@code transport}; returns that client for more. */
    static McpSyncClient exercise(McpClientTransport transport) {
        AtomicInteger elicitations = new AtomicInteger();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("tachyon-interop", "1").build())
                .callTimeout(Duration.ofSeconds(30))
                .formElicitation(request -> {
                    elicitations.incrementAndGet();
                    return McpSchema.ElicitResult.accept(answer(request));
                })
                .build();

        McpSchema.DiscoverResult discovered = client.discover();
        assertTrue(discovered.supportedVersions().contains(REVISION), discovered.toString());
        assertNotNull(discovered.capabilities().tools(), discovered.toString());

        List<String> tools = client.tools().list().tools().stream()
                .map(McpSchema.Tool::name).collect(Collectors.toList());
        assertTrue(tools.containsAll(List.of("test_simple_text", "test_image_content",
                "test_input_required_result_multi_round")), tools.toString());

        assertTrue(text(client.tool("test_simple_text").call()).length() > 0);

        McpSchema.CallToolResult image = client.tool("test_image_content").call();
        assertEquals("image/png", ((McpSchema.ImageContent) image.content().get(0)).mimeType());

        // Input-required rounds (the 2026-07-28 way to ask the client: the server answers
        // resultType "input_required", the SDK asks the handler above and retries with the
        // answers and the request state): two rounds told apart by state, a sealed state that
        // must come back unchanged, and a prompt that asks before it renders.
        assertEquals("Ada likes green", text(client.tool("test_input_required_result_multi_round").call()));
        assertEquals("state-ok: the request state came back verified, ok=true",
                text(client.tool("test_input_required_result_request_state").call()));
        McpSchema.GetPromptResult asked = client.prompt("test_input_required_result_prompt").get();
        assertTrue(asked.messages().toString().contains("Answer with this context in mind: interop"), asked.toString());
        assertEquals(4, elicitations.get());

        McpSchema.CallToolResult failed = client.tool("test_error_handling").call();
        assertTrue(failed.isError(), failed.toString());

        McpSchema.ReadResourceResult read = client.resource("test://static-text").read();
        assertEquals("This is the content of the static text resource.",
                ((McpSchema.TextResourceContents) read.contents().get(0)).text());
        McpSchema.ReadResourceResult templated = client.resource("test://template/42/data").read();
        assertTrue(((McpSchema.TextResourceContents) templated.contents().get(0)).text().contains("42"));
        assertTrue(client.resources().list().resources().size() >= 1);
        assertTrue(client.resourceTemplates().list().resourceTemplates().size() >= 1);

        assertTrue(client.prompts().list().prompts().stream()
                .anyMatch(p -> p.name().equals("test_prompt_with_arguments")));
        McpSchema.GetPromptResult prompt = client.prompt("test_prompt_with_arguments")
                .arguments(Map.of("arg1", "first", "arg2", "second")).get();
        String promptText = prompt.messages().toString();
        assertTrue(promptText.contains("first") && promptText.contains("second"), promptText);
        return client;
    }

    /** The first content item's text. */
    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** An answer to whichever of the fixture's forms this is, told apart by the field it requires. */
    private static Map<String, Object> answer(McpSchema.ElicitFormRequest request) {
        Object required = request.requestedSchema().get("required");
        String field = required instanceof List<?> fields && !fields.isEmpty() ? String.valueOf(fields.get(0)) : "";
        return switch (field) {
            case "name" -> Map.of("name", "Ada");
            case "color" -> Map.of("color", "green");
            case "ok" -> Map.of("ok", true);
            case "context" -> Map.of("context", "interop");
            default -> throw new AssertionError("unexpected form: " + request);
        };
    }
}
