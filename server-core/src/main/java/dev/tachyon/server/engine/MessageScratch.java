package dev.tachyon.server.engine;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.JsonMembers;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Scratch space for handling one message (its scanner and {@link Inbound}, {@link JsonMembers}
 * and its span arrays, the inline result writer), one per thread rather than per session: it is
 * used only during one synchronous engine call on the session's executor, so thousands of idle
 * sessions hold none of it. Fetched once per message ({@link McpEngine#scan}) and passed down
 * from there (the {@link Inbound} knows it): each fetch is a thread-local read.
 */
final class MessageScratch {

    private static final FastThreadLocal<MessageScratch> CURRENT = new FastThreadLocal<>() {
        @Override
        protected MessageScratch initialValue() {
            return new MessageScratch();
        }
    };

    /** The message scanned last on this thread ({@link McpEngine#scan}); it knows this scratch, so the call it starts fetches none. */
    final Inbound inbound = new Inbound(this);
    /** This thread's scanner, of the depth limit of the engine that scanned last ({@link #scanner}). */
    private EnvelopeScanner scanner;
    /** Messages scanned on this thread since it started (what tests check one-scan-per-message by). */
    long scans;
    /** The result writer of the inline tool call running now. */
    final ContentArrayWriter resultWriter = new ContentArrayWriter();
    /** The stream of the result being written now on this thread, when its transport streams. */
    final ResponseStream responseStream = new ResponseStream();
    final JsonMembers members = new JsonMembers();
    /** Spans of the members {@code tools/call} reads, by {@link ToolMethods}. */
    final long[] callSpans = new long[4];
    /** A tool's name read from the frame, by {@link ToolsByName#slot}. */
    final byte[] toolName = new byte[ToolsByName.SHORT_NAME];
    /** One name and its span, for {@link dev.tachyon.api.Arguments} read in place. */
    final String[] oneName = new String[1];
    final long[] oneSpan = new long[1];
    /** Spans of the members an input schema checks in place ({@link dev.tachyon.server.schema.InputSchema}). */
    final long[] schemaSpans = new long[dev.tachyon.server.schema.InputSchema.MAX_FLAT_PROPERTIES];

    private MessageScratch() {
    }

    /**
     * This thread's scanner for {@code maxDepth}: kept in the scratch so that a message costs one
     * thread-local read, not one for the scratch and one for the scanner. A thread that serves
     * engines of different depth limits (tests) gets a new scanner when the limit changes.
     */
    EnvelopeScanner scanner(int maxDepth) {
        EnvelopeScanner s = scanner;
        if (s == null || s.maxDepth() != maxDepth) {
            s = new EnvelopeScanner(maxDepth);
            scanner = s;
        }
        return s;
    }

    /** This thread's scratch. */
    static MessageScratch current() {
        return CURRENT.get();
    }
}
