package dev.tachyon.server.engine;

import dev.tachyon.codec.McpMethod;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The members a 2026-07-28 result carries besides its content: {@code resultType} on every
 * result, and the caching hints {@code ttlMs} and {@code cacheScope} on the results of
 * {@code server/discover}, the four list methods and {@code resources/read}, and on the
 * skills extension's {@code skills/list}, {@code skills/get} and {@code resources/directory/read}.
 *
 * <p>Result bodies are written by the same code for both revisions; for a 2026-07-28 request
 * the members are spliced in before the body's closing brace, so nothing is written twice:
 * <pre>
 *   {"tools":[...]}   ->   {"tools":[...],"resultType":"complete","ttlMs":0,"cacheScope":"public"}
 *   {}                ->   {"resultType":"complete"}
 * </pre>
 * Lists and discovery are the same for every client, so they are {@code public}; a read may
 * depend on who asks, so it is {@code private}. A {@code ttlMs} of 0 means "stale at once":
 * catalogs change at run time and announce it on listen streams.
 */
enum ResultShape {
    /** Earlier revisions: the body as it is. */
    PLAIN(""),
    COMPLETE("\"resultType\":\"complete\""),
    CACHEABLE_PUBLIC("\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"public\""),
    CACHEABLE_PRIVATE("\"resultType\":\"complete\",\"ttlMs\":0,\"cacheScope\":\"private\""),
    INPUT_REQUIRED("\"resultType\":\"input_required\""),
    /** A call answered with a task handle (the tasks extension's {@code CreateTaskResult}). */
    TASK("\"resultType\":\"task\"");

    private final byte[] members;

    ResultShape(String members) {
        this.members = members.getBytes(StandardCharsets.US_ASCII);
    }

    /** The shape of a complete result of {@code method} in the 2026-07-28 revision. */
    static ResultShape completeFor(McpMethod method) {
        switch (method) {
            case SERVER_DISCOVER:
            case TOOLS_LIST:
            case PROMPTS_LIST:
            case RESOURCES_LIST:
            case RESOURCES_TEMPLATES_LIST:
            case SKILLS_LIST:
            case SKILLS_GET:
            case RESOURCES_DIRECTORY_READ:
                return CACHEABLE_PUBLIC;
            case RESOURCES_READ:
                return CACHEABLE_PRIVATE;
            default:
                return COMPLETE;
        }
    }

    /**
     * Adds the members to the object written at {@code out[bodyStart, writerIndex)}; a
     * {@code bodyStart} of -1 is a non-empty object whose beginning was already sent in parts
     * ({@link ResponseStream}), its closing brace still in {@code out}.
     *
     * @throws IllegalStateException when the body is not a JSON object
     */
    void apply(ByteBuf out, int bodyStart) {
        if (members.length == 0) {
            return;
        }
        int close = out.writerIndex() - 1;
        if (bodyStart < 0 ? close < out.readerIndex() || out.getByte(close) != '}'
                : close <= bodyStart || out.getByte(bodyStart) != '{' || out.getByte(close) != '}') {
            throw new IllegalStateException("a result must be a JSON object");
        }
        boolean empty = bodyStart >= 0;
        for (int i = close - 1; empty && i > bodyStart; i--) {
            byte b = out.getByte(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                empty = false;
                break;
            }
        }
        out.writerIndex(close);
        if (!empty) {
            out.writeByte(',');
        }
        out.writeBytes(members);
        out.writeByte('}');
    }
}
