package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The MCP methods the server understands, interned from the method name's bytes.
 *
 * <p>{@link #lookup} compares bytes in place (no {@code String} per message): candidates are
 * bucketed by name length, so a lookup is one array index and at most a few compares of eight
 * bytes at a time (each {@code ByteBuf.getByte} checks bounds and the reference count, which
 * made the byte-by-byte compare of {@code tools/call} show in a JFR profile of the TCP echo).
 */
public enum McpMethod {
    INITIALIZE("initialize"),
    PING("ping"),
    TOOLS_LIST("tools/list"),
    TOOLS_CALL("tools/call"),
    RESOURCES_LIST("resources/list"),
    RESOURCES_TEMPLATES_LIST("resources/templates/list"),
    RESOURCES_READ("resources/read"),
    RESOURCES_SUBSCRIBE("resources/subscribe"),
    RESOURCES_UNSUBSCRIBE("resources/unsubscribe"),
    PROMPTS_LIST("prompts/list"),
    PROMPTS_GET("prompts/get"),
    COMPLETION_COMPLETE("completion/complete"),
    LOGGING_SET_LEVEL("logging/setLevel"),
    SERVER_DISCOVER("server/discover"),
    SUBSCRIPTIONS_LISTEN("subscriptions/listen"),
    TASKS_GET("tasks/get"),
    TASKS_UPDATE("tasks/update"),
    TASKS_CANCEL("tasks/cancel"),
    /** 2025-11-25 tasks only (the 2026-07-28 extension removed them). */
    TASKS_RESULT("tasks/result"),
    TASKS_LIST("tasks/list"),
    NOTIFICATIONS_INITIALIZED("notifications/initialized"),
    NOTIFICATIONS_CANCELLED("notifications/cancelled"),
    NOTIFICATIONS_PROGRESS("notifications/progress"),
    NOTIFICATIONS_ROOTS_LIST_CHANGED("notifications/roots/list_changed"),
    /** The skills extension (SEP-2640). */
    SKILLS_LIST("skills/list"),
    SKILLS_GET("skills/get"),
    RESOURCES_DIRECTORY_READ("resources/directory/read"),
    /** Any name not listed above. */
    UNKNOWN("");

    private static final int MAX_LENGTH = 64;
    private static final McpMethod[][] BY_LENGTH = index();

    private final String methodName;
    private final byte[] nameBytes;
    /**
     * Where the name's eight-byte words start, last word first: 0, 8, 16... and
     * {@code length - 8} (overlapping the one before it); empty for names shorter than eight.
     */
    private final int[] wordOffsets;
    /** The name's bytes at each of {@link #wordOffsets}, as {@code ByteBuf.getLong} reads them (big-endian). */
    private final long[] words;

    McpMethod(String methodName) {
        this.methodName = methodName;
        this.nameBytes = methodName.getBytes(StandardCharsets.US_ASCII);
        int length = nameBytes.length;
        int count = length < Long.BYTES ? 0 : (length + Long.BYTES - 1) / Long.BYTES;
        this.wordOffsets = new int[count];
        this.words = new long[count];
        for (int k = 0; k < count; k++) {
            // Last word first: most names share a prefix ("resources/", "notifications/").
            int offset = k == 0 ? length - Long.BYTES : (count - 1 - k) * Long.BYTES;
            wordOffsets[k] = offset;
            words[k] = java.nio.ByteBuffer.wrap(nameBytes, offset, Long.BYTES).getLong();
        }
    }

    /** The wire name, e.g. {@code "tools/call"}; empty for {@link #UNKNOWN}. */
    public String methodName() {
        return methodName;
    }

    /** Finds the method whose name is exactly the bytes {@code buf[start, end)}; {@link #UNKNOWN} if none. */
    public static McpMethod lookup(ByteBuf buf, int start, int end) {
        int length = end - start;
        if (length <= 0 || length >= MAX_LENGTH) {
            return UNKNOWN;
        }
        McpMethod[] candidates = BY_LENGTH[length];
        if (candidates == null) {
            return UNKNOWN;
        }
        for (McpMethod candidate : candidates) {
            if (candidate.matches(buf, start)) {
                return candidate;
            }
        }
        return UNKNOWN;
    }

    /** Finds the method with this name; {@link #UNKNOWN} if none. */
    public static McpMethod lookup(String name) {
        for (McpMethod m : values()) {
            if (m != UNKNOWN && m.methodName.equals(name)) {
                return m;
            }
        }
        return UNKNOWN;
    }

    /** Whether {@code buf[start, start + nameBytes.length)} is this method's name. */
    private boolean matches(ByteBuf buf, int start) {
        if (words.length == 0) {
            for (int i = nameBytes.length - 1; i >= 0; i--) {
                if (buf.getByte(start + i) != nameBytes[i]) {
                    return false;
                }
            }
            return true;
        }
        for (int k = 0; k < words.length; k++) {
            if (buf.getLong(start + wordOffsets[k]) != words[k]) {
                return false;
            }
        }
        return true;
    }

    private static McpMethod[][] index() {
        McpMethod[][] table = new McpMethod[MAX_LENGTH][];
        for (McpMethod m : values()) {
            int n = m.nameBytes.length;
            if (n == 0) {
                continue;
            }
            McpMethod[] old = table[n];
            McpMethod[] grown = old == null ? new McpMethod[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = m;
            table[n] = grown;
        }
        return table;
    }
}
