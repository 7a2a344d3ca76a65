package dev.tachyon.server.engine;

import dev.tachyon.api.Arguments;
import dev.tachyon.api.McpException;
import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonValues;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The arguments object of an inline {@code tools/call}, read in place from the request's frame
 * until {@link #detach()}: a getter finds the one member it names ({@link JsonMembers#find})
 * and decodes only its value; nothing is copied or decoded that the handler does not ask for.
 * After the call, getters fail with {@link IllegalStateException} (the frame is released).
 *
 * <p>An escaped or repeated member name makes the finder unsure; then the whole object is
 * decoded once, and the decoder's rules decide. Not thread-safe: the getters run on the
 * connection's event loop, with its reader.
 */
final class FrameArguments extends Arguments {

    /** {@link #span}: the answer needs the decoded values (or they are decoded already). */
    private static final long UNSURE = -2;
    /** The values of arguments whose call has ended: a marker, never read. */
    private static final Map<String, Object> DETACHED = Collections.unmodifiableMap(new HashMap<>());

    /** Decoded values; null while read in place. */
    private Map<String, Object> values;
    private ByteBuf frame;
    private final int start;
    private final int end;
    private JsonMembers members;
    private final String[] wanted;
    private final long[] spans;
    /** Names whose spans a check of the whole object found already (the input schema's), or null. */
    private String[] knownNames;
    private long[] knownSpans;
    private final int maxNumberDigits;

    /**
     * The arguments object in {@code frame[start, end)}, which {@link dev.tachyon.codec.EnvelopeScanner}
     * validated.
     *
     * @param members the connection's reader (not thread-safe: the getters run on its thread)
     * @param wanted one name, reused between calls
     * @param spans one span, reused between calls
     * @param maxNumberDigits the digit bound of numbers read (see {@link JsonNumber})
     */
    FrameArguments(ByteBuf frame, int start, int end, JsonMembers members, String[] wanted, long[] spans,
            int maxNumberDigits) {
        this(frame, start, end, members, wanted, spans, maxNumberDigits, null, null);
    }

    /**
     * As above, with the spans of {@code knownNames} already found by {@link JsonMembers#find}
     * over this same object (which answered sure: no escaped name, none twice), so a getter of one
     * of them reads its value without scanning the object again.
     */
    FrameArguments(ByteBuf frame, int start, int end, JsonMembers members, String[] wanted, long[] spans,
            int maxNumberDigits, String[] knownNames, long[] knownSpans) {
        this.frame = frame;
        this.start = start;
        this.end = end;
        this.members = members;
        this.wanted = wanted;
        this.spans = spans;
        this.maxNumberDigits = maxNumberDigits;
        this.knownNames = knownNames;
        this.knownSpans = knownSpans;
    }

    /** Ends reading in place (the frame is about to be released); getters called later fail. */
    void detach() {
        if (frame != null) {
            frame = null;
            members = null;
            knownNames = null;
            knownSpans = null;
            if (values == null) {
                values = DETACHED;
            }
        }
    }

    @Override
    public Map<String, Object> asMap() {
        if (values == null) {
            decodeAll();
        }
        return attached();
    }

    @Override
    public boolean has(String name) {
        long span = span(name);
        return span == UNSURE ? asMap().containsKey(name) : span != JsonMembers.ABSENT;
    }

    @Override
    public Object get(String name) {
        long span = span(name);
        if (span == JsonMembers.ABSENT) {
            return null;
        } else if (span != UNSURE) {
            return decode(JsonMembers.start(span), JsonMembers.end(span));
        } else if (values == null) {
            decodeAll(); // an escaped or repeated name: the decoder's rules decide
        }
        return attached().get(name);
    }

    @Override
    public CharSequence text(String name) {
        long span = span(name);
        if (span >= 0 && frame.getByte(JsonMembers.start(span)) == '"') {
            return members.text(frame, span);
        }
        return string(name);
    }

    /** The span of {@code name}'s value ({@link JsonMembers#ABSENT} if none), or {@link #UNSURE}. */
    private long span(String name) {
        if (values != null) {
            return UNSURE;
        }
        if (knownNames != null) {
            for (int k = 0; k < knownNames.length; k++) {
                if (knownNames[k].equals(name)) {
                    return knownSpans[k];
                }
            }
        }
        wanted[0] = name;
        return members.find(frame, start, end, wanted, spans) ? spans[0] : UNSURE;
    }

    private Map<String, Object> attached() {
        if (values == DETACHED) {
            throw new IllegalStateException("the arguments of an inline call are valid only during the call");
        }
        return values;
    }

    @SuppressWarnings("unchecked") // the engine passes objects only
    private void decodeAll() {
        values = Collections.unmodifiableMap((Map<String, Object>) decode(start, end));
    }

    private Object decode(int from, int to) {
        try {
            return JsonValues.read(frame, from, to, maxNumberDigits);
        } catch (IllegalArgumentException e) {
            throw McpException.invalidParams(e.getMessage()); // a repeated name (the scanner refuses them first)
        }
    }
}
