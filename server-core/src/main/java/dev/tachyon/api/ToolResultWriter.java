package dev.tachyon.api;

/**
 * Writes a tool result straight into the response buffer, for inline handlers: each call
 * encodes one item at once, with no intermediate list or map.
 *
 * <p>Valid only during the handler call that received it. Writing nothing yields an empty
 * {@code content} array.
 */
public interface ToolResultWriter {

    /** Appends a text item. */
    ToolResultWriter text(CharSequence text);

    /** Appends any content item. */
    ToolResultWriter content(Content item);

    /** Sets the structured content (plain JSON values: maps, lists, strings, numbers, booleans, null). */
    ToolResultWriter structured(Object value);

    /** Marks the result as an error the model should see ({@code isError: true}). */
    ToolResultWriter error();
}
