package dev.tachyon.benchmarks.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The MCP messages the codec benchmarks scan, kept as files under {@code src/main/resources/mcp/}
 * so every parser reads exactly the same bytes.
 *
 * <ul>
 *   <li>{@code echo-request}: a small {@code tools/call} (101 bytes)</li>
 *   <li>{@code initialize-request}: a client's {@code initialize} with capabilities (265 bytes)</li>
 *   <li>{@code tools-call-4k}: a {@code tools/call} with nested arguments, escapes and non-ASCII text (4 KB)</li>
 *   <li>{@code tools-call-result}: a successful {@code tools/call} response (307 bytes)</li>
 * </ul>
 */
public final class McpMessages {

    /** Every message name, for JMH's {@code @Param}. */
    public static final String[] NAMES = {"echo-request", "initialize-request", "tools-call-4k", "tools-call-result"};

    private McpMessages() {
    }

    /** The UTF-8 bytes of the named message. */
    public static byte[] load(String name) {
        try (InputStream in = McpMessages.class.getResourceAsStream("/mcp/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no message " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
