package dev.tachyon.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import dev.tachyon.server.testing.TachyonProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The official MCP Java SDK clients spawn {@code bin/tachyon serve --stdio} the way an MCP host
 * would: the 2025-11-25 client uses tools, resources, prompts, completion and client requests,
 * the 2026-07-28 client ({@link JavaSdkStatelessChecks}) discovers, lists, calls (with an
 * input-required round), reads and gets prompts without initializing.
 */
class JavaSdkStdioIT {

    @Test
    void theJavaSdkClientWorksOverStdio() {
        StdioClientTransport transport = new StdioClientTransport(tachyon(), McpJsonDefaults.getMapper());
        try (McpSyncClient client = InteropChecks.client(transport)) {
            InteropChecks.exercise(client);
        }
    }

    @Test
    void theJavaSdk2026ClientWorksOverStdio() {
        try (StdioMcpClientTransport transport = StdioMcpClientTransport.builder(tachyon()).start()) {
            JavaSdkStatelessChecks.exercise(transport);
        }
    }

    private static ServerParameters tachyon() {
        return ServerParameters.builder(TachyonProcess.projectRoot().resolve("bin/tachyon").toString())
                .args("serve", "--stdio", "--fixture", "conformance")
                .env(Map.of("JAVA_HOME", System.getProperty("java.home")))
                .build();
    }

    /** What every Java SDK interop test checks, whatever the transport. */
    static final class InteropChecks {

        /**
         * Built with the record's constructor: 2.2.0 deprecates the builder's {@code sampling()}
         * (sampling leaves the 2026-07-28 revision), yet the 2025-11-25 client still declares it.
         */
        private static final McpSchema.ClientCapabilities SAMPLING_AND_ELICITATION = new McpSchema.ClientCapabilities(
                null, null, new McpSchema.ClientCapabilities.Sampling(),
                McpSchema.ClientCapabilities.builder().elicitation().build().elicitation());

        private InteropChecks() {
        }

        /** A client declaring sampling and elicitation, answering both the way the fixture's tools expect. */
        static McpSyncClient client(io.modelcontextprotocol.spec.McpClientTransport transport) {
            return McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30))
                    .capabilities(SAMPLING_AND_ELICITATION)
                    .sampling(request -> new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT,
                            McpSchema.TextContent.builder("sampled answer").build(), "test-model",
                            McpSchema.CreateMessageResult.StopReason.END_TURN))
                    .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                            Map.of("username", "ada", "email", "ada@example.com")))
                    .build();
        }

        static void exercise(McpSyncClient client) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("tachyon", init.serverInfo().name());

            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toList());
            assertTrue(tools.containsAll(List.of("test_simple_text", "test_sampling", "test_elicitation")), tools.toString());

            McpSchema.CallToolResult text = client.callTool(call("test_simple_text", Map.of()));
            assertTrue(((McpSchema.TextContent) text.content().get(0)).text().length() > 0);

            McpSchema.CallToolResult image = client.callTool(call("test_image_content", Map.of()));
            assertEquals("image/png", ((McpSchema.ImageContent) image.content().get(0)).mimeType());

            McpSchema.CallToolResult sampled = client.callTool(
                    call("test_sampling", Map.of("prompt", "hello")));
            assertTrue(sampled.content().toString().contains("sampled answer"), sampled.toString());

            McpSchema.CallToolResult elicited = client.callTool(
                    call("test_elicitation", Map.of("message", "who are you?")));
            assertTrue(elicited.content().toString().contains("ada"), elicited.toString());

            McpSchema.CallToolResult failed = client.callTool(call("test_error_handling", Map.of()));
            assertTrue(failed.isError());

            McpSchema.ReadResourceResult read = client.readResource(McpSchema.ReadResourceRequest.builder("test://static-text").build());
            assertEquals("This is the content of the static text resource.",
                    ((McpSchema.TextResourceContents) read.contents().get(0)).text());
            McpSchema.ReadResourceResult templated = client.readResource(
                    McpSchema.ReadResourceRequest.builder("test://template/42/data").build());
            assertTrue(((McpSchema.TextResourceContents) templated.contents().get(0)).text().contains("42"));
            assertTrue(client.listResourceTemplates().resourceTemplates().size() >= 1);

            McpSchema.GetPromptResult prompt = client.getPrompt(McpSchema.GetPromptRequest.builder("test_prompt_with_arguments")
                    .arguments(Map.of("arg1", "first", "arg2", "second")).build());
            String promptText = prompt.messages().toString();
            assertTrue(promptText.contains("first") && promptText.contains("second"), promptText);

            McpSchema.CompleteResult completion = client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("test_prompt_with_arguments"),
                    new McpSchema.CompleteRequest.CompleteArgument("arg1", ""), null, null));
            assertTrue(completion.completion().values() != null);

            client.ping();
        }

        private static McpSchema.CallToolRequest call(String name, Map<String, Object> arguments) {
            return new McpSchema.CallToolRequest(name, arguments, null);
        }
    }
}
