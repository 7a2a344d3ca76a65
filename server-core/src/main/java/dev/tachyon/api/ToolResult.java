package dev.tachyon.api;

import java.util.List;
import java.util.Objects;

/**
 * What a tool call returns: content items, optional structured content (matching the tool's
 * output schema), and whether it is an error the model should see. Immutable.
 */
public final class ToolResult {

    private final List<Content> content;
    private final Object structuredContent;
    private final boolean error;
    private final InputRequired inputRequired;

    private ToolResult(List<Content> content, Object structuredContent, boolean error) {
        this(content, structuredContent, error, null);
    }

    private ToolResult(List<Content> content, Object structuredContent, boolean error, InputRequired inputRequired) {
        this.content = List.copyOf(content);
        this.structuredContent = structuredContent;
        this.error = error;
        this.inputRequired = inputRequired;
    }

    /**
     * Not yet: the call needs this from the client first (see {@link InputRequired}); the
     * handler runs again with the answers. Only from a {@link BlockingToolHandler}.
     */
    public static ToolResult inputRequired(InputRequired request) {
        return new ToolResult(List.of(), null, false, Objects.requireNonNull(request, "request"));
    }

    /** One text item. */
    public static ToolResult text(String text) {
        return new ToolResult(List.of(Content.text(text)), null, false);
    }

    /** These items. */
    public static ToolResult of(Content... items) {
        return new ToolResult(List.of(items), null, false);
    }

    /** These items. */
    public static ToolResult of(List<Content> items) {
        return new ToolResult(items, null, false);
    }

    /** An error result with one text item: the call ran and failed ({@code isError: true}). */
    public static ToolResult error(String message) {
        return new ToolResult(List.of(Content.text(Objects.requireNonNull(message, "message"))), null, true);
    }

    /**
     * Structured content (plain JSON values: maps, lists, strings, numbers, booleans, null), with its
     * JSON text as the text item for clients that do not read structured content.
     */
    public static ToolResult structured(Object value, String textFallback) {
        return new ToolResult(List.of(Content.text(textFallback)), Objects.requireNonNull(value, "value"), false);
    }

    public List<Content> content() {
        return content;
    }

    public Object structuredContent() {
        return structuredContent;
    }

    public boolean isError() {
        return error;
    }

    /** What the call waits for, or null for a finished result. */
    public InputRequired inputRequired() {
        return inputRequired;
    }
}
