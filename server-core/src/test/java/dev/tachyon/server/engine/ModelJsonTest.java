package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.api.Annotations;
import dev.tachyon.api.Content;
import dev.tachyon.api.Dispatch;
import dev.tachyon.api.Icon;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptArgument;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceLink;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolAnnotations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire encoding of every model type with all its optional members set. The expected
 * bytes are what the model types wrote themselves before the encoding moved into the engine
 * (issue 11): a change here changes what clients receive.
 */
class ModelJsonTest {

    private static final Icon ICON = Icon.of("https://x/i.png", "image/png", List.of("48x48", "any"));
    private static final Icon BARE_ICON = Icon.of("data:image/png;base64,AA", null, null);
    private static final Annotations ANNOTATIONS = Annotations.of(List.of("user", "assistant"), 0.5,
            "2025-01-01T00:00:00Z");
    private static final ToolAnnotations TOOL_ANNOTATIONS = ToolAnnotations.builder().readOnlyHint(true).title("T")
            .destructiveHint(false).idempotentHint(true).openWorldHint(false).build();
    private static final ResourceContents TEXT_CONTENTS = ResourceContents.text("file:///a", "text/plain", "h\u00e9\"llo");
    private static final ResourceContents BLOB_CONTENTS = ResourceContents.blob("file:///b", "application/octet-stream",
            "AAEC");
    private static final ResourceLink LINK = ResourceLink.of("file:///c", "c", "a link", "text/plain");
    private static final Tool TOOL = Tool.builder("t.x").title("Title").description("Desc").icon(ICON).icon(BARE_ICON)
            .inputSchema("{ \"type\": \"object\", \"properties\": {\"a\": {\"type\":\"string\"}} }")
            .outputSchema("{\"type\":\"object\"}").annotations(TOOL_ANNOTATIONS).meta(Map.of("k", "v"))
            .inline((call, result) -> result.text("x")).build();
    private static final Resource RESOURCE = Resource.builder("file:///r", "r").title("R").description("D").icon(ICON)
            .icon(BARE_ICON).mimeType("text/plain").size(42).annotations(ANNOTATIONS).text("body").build();
    private static final ResourceTemplate TEMPLATE = ResourceTemplate.builder("file:///t/{id}", "t").title("TT")
            .description("TD").icon(ICON).icon(BARE_ICON).mimeType("text/plain").annotations(ANNOTATIONS)
            .handler(Dispatch.INLINE, request -> List.of()).build();
    private static final Prompt PROMPT = Prompt.builder("p").title("PT").description("PD").icon(ICON).icon(BARE_ICON)
            .argument("a", "first", true).argument("b", null, false)
            .handler(Dispatch.INLINE, arguments -> PromptResult.of()).build();

    private static String w(Consumer<ByteBuf> writer) {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.accept(out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    @Test
    void icon() {
        assertEquals("{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\",\"any\"]}",
                w(out -> ModelJson.icon(out, ICON)));
    }

    @Test
    void annotations() {
        assertEquals("{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}",
                w(out -> ModelJson.annotations(out, ANNOTATIONS)));
    }

    @Test
    void toolAnnotations() {
        assertEquals("{\"readOnlyHint\":true,\"title\":\"T\",\"destructiveHint\":false,\"idempotentHint\":true,\"openWorldHint\":false}",
                w(out -> ModelJson.toolAnnotations(out, TOOL_ANNOTATIONS)));
    }

    @Test
    void textResourceContents() {
        assertEquals("{\"uri\":\"file:///a\",\"mimeType\":\"text/plain\",\"text\":\"h\u00e9\\\"llo\"}",
                w(out -> ModelJson.resourceContents(out, TEXT_CONTENTS)));
    }

    @Test
    void blobResourceContents() {
        assertEquals("{\"uri\":\"file:///b\",\"mimeType\":\"application/octet-stream\",\"blob\":\"AAEC\"}",
                w(out -> ModelJson.resourceContents(out, BLOB_CONTENTS)));
    }

    @Test
    void textContent() {
        assertEquals("{\"type\":\"text\",\"text\":\"hi\\n\",\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.content(out, Content.text("hi\n").withAnnotations(ANNOTATIONS))));
    }

    @Test
    void imageContent() {
        assertEquals("{\"type\":\"image\",\"data\":\"AAEC\",\"mimeType\":\"image/png\",\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.content(out, Content.image("AAEC", "image/png").withAnnotations(ANNOTATIONS))));
    }

    @Test
    void audioContent() {
        assertEquals("{\"type\":\"audio\",\"data\":\"AAEC\",\"mimeType\":\"audio/wav\",\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.content(out, Content.audio("AAEC", "audio/wav").withAnnotations(ANNOTATIONS))));
    }

    @Test
    void embeddedResourceContent() {
        assertEquals("{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///b\",\"mimeType\":\"application/octet-stream\",\"blob\":\"AAEC\"},\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.content(out, Content.resource(BLOB_CONTENTS).withAnnotations(ANNOTATIONS))));
    }

    @Test
    void resourceLinkContent() {
        assertEquals("{\"type\":\"resource_link\",\"uri\":\"file:///c\",\"name\":\"c\",\"description\":\"a link\",\"mimeType\":\"text/plain\",\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.content(out, Content.resourceLink(LINK).withAnnotations(ANNOTATIONS))));
    }

    @Test
    void promptArgument() {
        assertEquals("{\"name\":\"who\",\"description\":\"whom to greet\",\"required\":true}",
                w(out -> ModelJson.promptArgument(out, PromptArgument.of("who", "whom to greet", true))));
    }

    @Test
    void promptMessage() {
        assertEquals("{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"x\"}}",
                w(out -> ModelJson.promptMessage(out, PromptMessage.assistant(Content.text("x")))));
    }

    @Test
    void promptResult() {
        assertEquals("\"description\":\"desc\",\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"a\"}},{\"role\":\"assistant\",\"content\":{\"type\":\"image\",\"data\":\"AAEC\",\"mimeType\":\"image/png\"}}]",
                w(out -> ModelJson.promptResultMembers(out, PromptResult.of("desc", List.of(PromptMessage.user(Content.text("a")),
                PromptMessage.assistant(Content.image("AAEC", "image/png")))))));
    }

    @Test
    void toolListing() {
        assertEquals("{\"name\":\"t.x\",\"title\":\"Title\",\"description\":\"Desc\",\"icons\":[{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\",\"any\"]},{\"src\":\"data:image/png;base64,AA\"}],\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}},\"outputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true,\"title\":\"T\",\"destructiveHint\":false,\"idempotentHint\":true,\"openWorldHint\":false},\"_meta\":{\"k\":\"v\"}}",
                w(new ToolEntry(TOOL)::writeListing));
    }

    @Test
    void resourceListing() {
        assertEquals("{\"uri\":\"file:///r\",\"name\":\"r\",\"title\":\"R\",\"description\":\"D\",\"icons\":[{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\",\"any\"]},{\"src\":\"data:image/png;base64,AA\"}],\"mimeType\":\"text/plain\",\"size\":42,\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.resource(out, RESOURCE)));
    }

    @Test
    void templateListing() {
        assertEquals("{\"uriTemplate\":\"file:///t/{id}\",\"name\":\"t\",\"title\":\"TT\",\"description\":\"TD\",\"icons\":[{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\",\"any\"]},{\"src\":\"data:image/png;base64,AA\"}],\"mimeType\":\"text/plain\",\"annotations\":{\"audience\":[\"user\",\"assistant\"],\"priority\":0.5,\"lastModified\":\"2025-01-01T00:00:00Z\"}}",
                w(out -> ModelJson.template(out, TEMPLATE)));
    }

    @Test
    void promptListing() {
        assertEquals("{\"name\":\"p\",\"title\":\"PT\",\"description\":\"PD\",\"icons\":[{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\",\"any\"]},{\"src\":\"data:image/png;base64,AA\"}],\"arguments\":[{\"name\":\"a\",\"description\":\"first\",\"required\":true},{\"name\":\"b\",\"required\":false}]}",
                w(out -> ModelJson.prompt(out, PROMPT)));
    }

    @Test
    void onlyTheMembersSetAreWritten() {
        assertEquals("{}", w(out -> ModelJson.annotations(out, Annotations.of(null, null, null))));
        assertEquals("{\"lastModified\":\"x\"}", w(out -> ModelJson.annotations(out, Annotations.of(null, null, "x"))));
        assertEquals("{\"src\":\"s\"}", w(out -> ModelJson.icon(out, Icon.of("s", null, null))));
        assertEquals("{\"type\":\"resource_link\",\"uri\":\"u\",\"name\":\"n\"}",
                w(out -> ModelJson.content(out, Content.resourceLink(ResourceLink.of("u", "n", null, null)))));
        assertEquals("\"messages\":[]", w(out -> ModelJson.promptResultMembers(out, PromptResult.of())));
        assertEquals("{\"name\":\"bare\",\"inputSchema\":{\"type\":\"object\"}}",
                w(new ToolEntry(Tool.builder("bare").inline((call, result) -> { }).build())::writeListing));
        assertEquals("{\"uri\":\"u\",\"name\":\"n\"}",
                w(out -> ModelJson.resource(out, Resource.builder("u", "n").text("t").build())));
    }
}
