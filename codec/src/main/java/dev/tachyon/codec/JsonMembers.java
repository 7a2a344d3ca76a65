package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;

/**
 * Finds members of a JSON object in place, in a frame that {@link EnvelopeScanner} has already
 * validated: one pass over the object, no copies, nothing allocated. What the engine uses to
 * read a request's params without decoding them into a map.
 *
 * <pre>
 *   {"name":"echo","arguments":{"text":"hi"}}       find(..., {"name", "arguments", "_meta"}, spans)
 *           ^    ^            ^              ^      spans[0] = span of "echo" (quotes included)
 *           start end         start         end     spans[1] = span of {...}, spans[2] = ABSENT
 * </pre>
 * A span packs the value's {@code [start, end)} into one long ({@link #start}, {@link #end});
 * a string's span includes its quotes.
 *
 * <p>It does not validate: input that did not pass the scanner gives undefined results. It
 * does not decode escapes in member names either: an object with an escaped name, or with one
 * of the wanted names twice, is reported as {@link #UNSURE}, and the caller decodes the object
 * the ordinary way ({@link JsonValues}), whose answer is the reference. Not thread-safe: one
 * instance per connection, like the scanner.
 */
public final class JsonMembers {

    /** The member is not in the object. */
    public static final long ABSENT = -1L;

    /**
     * The most members of an inner object that {@link #find(ByteBuf, int, int, String[], long[], int)}
     * records; an object with more is skipped as a value, and {@link #findRecorded} walks it again.
     */
    static final int MAX_RECORDED = MemberRecord.MAX;

    /** Reads a frame for one call: wrapped, with its checks, at the call's start, cleared at its end. */
    private final FrameBytes loose = new FrameBytes();
    /** Reads the {@link #remember remembered} frame: wrapped once, by {@link #remember}, until {@link #forget}. */
    private final FrameBytes held = new FrameBytes();
    private final JsonLexer lexer = new JsonLexer();
    private boolean longExponent;
    /**
     * The frame the per-frame state describes, or null: its long strings ({@link #remembered},
     * while {@link #holding}) and the object the last find recorded ({@link #recorded}). One
     * guard for both: nothing of it answers for another frame, and {@link #forget} drops it whole
     * (the state, by {@link #holding} and {@link #recorded}; the reference stays, so that the next
     * frame in the same buffer object, the next line of a read batch, costs no store into this
     * long-lived object: G1's write barrier. It keeps the buffer object, released or not, not
     * the frame's state, until the next frame.)
     */
    private ByteBuf stateFrame;
    /** Whether {@link #remember} was called for {@link #stateFrame}: it is alive until {@link #forget}, read through {@link #held}. */
    private boolean holding;
    /** Whether the frame being read now is the held {@link #stateFrame}. */
    private boolean remembering;
    private final LongStrings remembered = new LongStrings();
    /**
     * The scan of the {@link #remember remembered} frame, whose records of params and arguments
     * answer a find while {@link #holding}; kept after {@link #forget} (a thread's envelope is the
     * same for every frame: not stored again).
     */
    private JsonRpcEnvelope scanned;
    /** Bit k: the last find found names[k] with a string value without a backslash escape. */
    private long plainStrings;
    /** Whether the string skipped last had a backslash escape. */
    private boolean sawEscape;
    /** The spans of the names (quotes excluded) and values of the members recorded by the last find; {@link #recorded} of them. */
    private final long[] recordedNames = new long[MAX_RECORDED];
    private final long[] recordedValues = new long[MAX_RECORDED];
    /** How many members were recorded, or -1 when the last find recorded none. */
    private int recorded = -1;
    /** The object the members were recorded from, in {@link #stateFrame}: its {@code [start, end)}. */
    private int recordedStart;
    private int recordedEnd;

    /** The first index of a span. */
    public static int start(long span) {
        return (int) (span >>> 32);
    }

    /** The index just past a span. */
    public static int end(long span) {
        return (int) span;
    }

    /**
     * Finds the members named {@code names} (ASCII, none escaped) of the object in
     * {@code frame[start, end)}: {@code spans[k]} gets the span of {@code names[k]}'s value, or
     * {@link #ABSENT}.
     *
     * @return false when the answer is unsure (a member name has escapes, or a wanted name
     *     occurs twice), or the value there is not an object: decode it instead
     */
    public boolean find(ByteBuf frame, int start, int end, String[] names, long[] spans) {
        return find(frame, start, end, names, spans, -1);
    }

    /**
     * As {@link #find(ByteBuf, int, int, String[], long[])}, and when the value of
     * {@code names[record]} is an object, its members are recorded on the way (name and value
     * spans, at most {@value #MAX_RECORDED}), so that {@link #findRecorded} can then answer for
     * that object without walking it again. The walk that skips the object is the one that
     * records it: the bytes are read once either way. Any earlier record is dropped first.
     *
     * @param record the index of the name whose object value is recorded, or -1 for none
     */
    public boolean find(ByteBuf frame, int start, int end, String[] names, long[] spans, int record) {
        java.util.Arrays.fill(spans, 0, names.length, ABSENT);
        longExponent = false;
        plainStrings = 0;
        dropRecord();
        if (holding && frame == stateFrame && scanned.params.holds(start, end)) {
            return findScanned(frame, names, spans, record);
        }
        FrameBytes in = open(frame);
        try {
            int i = skipSpace(in, start, end);
            if (i >= end || in.get(i) != '{') {
                return false;
            }
            i = skipSpace(in, i + 1, end);
            if (in.get(i) == '}') {
                return true;
            }
            for (;;) {
                int nameStart = i + 1;
                int nameEnd = lexer.string(in, i, end) - 1;
                if (nameEnd < 0 || lexer.escaped()) {
                    return false;
                }
                i = skipSpace(in, skipSpace(in, nameEnd + 1, end) + 1, end); // past the quote, the colon, the space
                int k = 0;
                while (k < names.length && !JsonLexer.plainEquals(in, nameStart, nameEnd, names[k])) { // unescaped: see above
                    k++;
                }
                byte first = in.get(i);
                sawEscape = false;
                int valueEnd = k == record && first == '{' ? recordObject(in, frame, i, end) : skipValue(in, i, end);
                if (valueEnd < 0) {
                    return false;
                }
                if (first == '"' && !sawEscape && k < Long.SIZE) {
                    plainStrings |= 1L << k; // known from the skip: no second look at the string
                }
                if (k < names.length) {
                    if (spans[k] != ABSENT) {
                        return false; // a duplicate: the decoder's rule (last wins) decides
                    }
                    spans[k] = span(i, valueEnd);
                }
                i = skipSpace(in, valueEnd, end);
                if (i >= end || in.get(i) != ',') {
                    return true; // the closing brace
                }
                i = skipSpace(in, i + 1, end);
            }
        } finally {
            close(in);
        }
    }

    /**
     * {@link #find(ByteBuf, int, int, String[], long[], int)} answered from the members the scan
     * of the remembered frame recorded for its params (and their arguments), the same answer
     * without a second walk: a recorded name is never escaped, and the long exponent is the
     * scan's, of the whole frame (a frame with one elsewhere is sent down the careful path too).
     */
    private boolean findScanned(ByteBuf frame, String[] names, long[] spans, int record) {
        MemberRecord params = scanned.params;
        longExponent = scanned.longExponent;
        FrameBytes in = open(frame);
        try {
            for (int m = 0; m < params.count; m++) {
                long name = params.names[m];
                int k = 0;
                while (k < names.length && !JsonLexer.plainEquals(in, start(name), end(name), names[k])) {
                    k++;
                }
                if (k == names.length) {
                    continue;
                }
                if (spans[k] != ABSENT) {
                    return false; // a duplicate, as the walk says
                }
                long value = params.values[m];
                spans[k] = value;
                if ((params.plainValues & (1L << m)) != 0 && k < Long.SIZE) {
                    plainStrings |= 1L << k;
                }
                MemberRecord arguments = scanned.arguments;
                if (k == record && arguments.holds(start(value), end(value))) {
                    System.arraycopy(arguments.names, 0, recordedNames, 0, arguments.count);
                    System.arraycopy(arguments.values, 0, recordedValues, 0, arguments.count);
                    recorded = arguments.count;
                    recordedStart = arguments.objectStart;
                    recordedEnd = arguments.objectEnd;
                }
            }
            return true;
        } finally {
            close(in);
        }
    }

    /**
     * The reader of {@code frame} for one call: the held reader when it is the remembered frame,
     * else a fresh wrap (its checks). Passed down the call rather than kept in a field: switching
     * a field between the two readers was two reference stores per call into this long-lived
     * object, each a G1 write barrier.
     */
    private FrameBytes open(ByteBuf frame) {
        remembering = holding && frame == stateFrame;
        return remembering ? held : loose.wrap(frame);
    }

    /** Ends a read that {@link #open} began; the held reader stays until {@link #forget}. */
    private void close(FrameBytes in) {
        if (in == loose) {
            loose.clear();
        }
    }

    /**
     * From now until {@link #forget}, remembers where each long string of {@code frame} ends and
     * whether it is plain ASCII (the first few of at least 512 bytes: those the scan that filled
     * {@code scanned} found, and those this reader skips), so that reading the same frame again
     * ({@link #find} on an inner object, {@link #text}) does not scan the string again: a 64 KiB
     * argument is otherwise scanned by the find of the params, the find of the arguments and the
     * text getter, each pass as long as the validation.
     *
     * <p>The frame is wrapped once here (its reference count and address checked) and read
     * without a new wrap by every call about it until {@link #forget}: the caller must keep it
     * alive until then, and must call {@link #forget} before the frame is released: a pooled
     * frame's buffer object is reused for later frames, which must not be read by this frame's
     * answers. Any earlier per-frame state (another frame's) is dropped first.
     */
    public void remember(ByteBuf frame, JsonRpcEnvelope scanned) {
        forget();
        held.wrap(frame);
        if (stateFrame != frame) {
            stateFrame = frame; // the lines of a read batch share their buffer object
        }
        holding = true;
        if (this.scanned != scanned) {
            this.scanned = scanned;
        }
        remembered.addAll(scanned.longStrings);
    }

    /**
     * Ends {@link #remember}: later reads scan every string. Drops any recorded object too
     * ({@link #findRecorded}), so that nothing of this frame answers for a later one.
     */
    public void forget() {
        holding = false; // stateFrame and scanned stay (see stateFrame): nothing reads them unless holding or recorded
        remembering = false;
        remembered.clear();
        dropRecord();
        held.clear();
    }

    /**
     * As {@link #find(ByteBuf, int, int, String[], long[])} over the object {@code frame[start, end)},
     * answered from the members the last find recorded when they are that object's (see
     * {@link #find(ByteBuf, int, int, String[], long[], int)}); otherwise it walks the object.
     * The answer is the same either way, unsure included (an escaped name is never recorded; a
     * wanted name twice is unsure here too). {@link #hasLongExponent()} keeps the last walk's
     * answer, which covered this object when the record is used. A record serves once: this
     * drops it, so a later call (another message, perhaps in the same pooled buffer object at
     * the same indices) can never be answered from it.
     */
    public boolean findRecorded(ByteBuf frame, int start, int end, String[] names, long[] spans) {
        int count = recorded;
        boolean same = frame == stateFrame && start == recordedStart && end == recordedEnd;
        dropRecord();
        plainStrings = 0;
        if (count < 0 || !same) {
            return find(frame, start, end, names, spans);
        }
        java.util.Arrays.fill(spans, 0, names.length, ABSENT);
        FrameBytes in = open(frame);
        try {
            for (int m = 0; m < count; m++) {
                long name = recordedNames[m];
                for (int k = 0; k < names.length; k++) {
                    if (JsonLexer.plainEquals(in, start(name), end(name), names[k])) { // never escaped: see recordObject
                        if (spans[k] != ABSENT) {
                            return false; // a duplicate, as find says
                        }
                        spans[k] = recordedValues[m];
                        break;
                    }
                }
            }
            return true;
        } finally {
            close(in);
        }
    }

    /**
     * Walks the validated object whose brace is at {@code open} member by member, recording
     * each name's and value's span; returns the index after it. An escaped name or more than
     * {@value #MAX_RECORDED} members leave nothing recorded (the object is then skipped whole
     * from its start: at most twice its bytes, still linear). The record becomes part of the
     * per-frame state: of another frame than the remembered one, it replaces that state.
     */
    private int recordObject(FrameBytes in, ByteBuf frame, int open, int end) {
        int i = skipSpace(in, open + 1, end);
        int count = 0;
        if (in.get(i) != '}') {
            for (;;) {
                int nameEnd = lexer.string(in, i, end) - 1;
                if (nameEnd < 0 || lexer.escaped() || count == MAX_RECORDED) {
                    return skipValue(in, open, end);
                }
                int nameStart = i + 1;
                i = skipSpace(in, skipSpace(in, nameEnd + 1, end) + 1, end);
                int valueEnd = skipValue(in, i, end);
                recordedNames[count] = span(nameStart, nameEnd);
                recordedValues[count++] = span(i, valueEnd);
                i = skipSpace(in, valueEnd, end);
                if (i >= end || in.get(i) != ',') {
                    break; // the closing brace
                }
                i = skipSpace(in, i + 1, end);
            }
        }
        if (frame != stateFrame) {
            forget(); // not the held frame (in is the loose reader): its state is dropped for this one's
            stateFrame = frame;
        }
        recorded = count;
        recordedStart = open;
        recordedEnd = i + 1;
        return i + 1;
    }

    private void dropRecord() {
        recorded = -1;
    }

    private static long span(int start, int end) {
        return ((long) start << 32) | end;
    }

    /**
     * Whether the last object {@link #find} read has a number, at any depth, whose exponent has
     * nine digits or more: valid JSON that may be beyond any Java number (a decoder fails on
     * it), so the caller must decode to find out.
     */
    public boolean hasLongExponent() {
        return longExponent;
    }

    /**
     * The string whose span (quotes included) is {@code span} in {@code frame}: a
     * {@link JsonText} view when it is plain printable ASCII (checked eight bytes at a time),
     * else the decoded String.
     */
    public CharSequence text(ByteBuf frame, long span) {
        int start = start(span);
        int end = end(span);
        boolean plain;
        FrameBytes in = open(frame);
        try {
            int known = remembering ? remembered.find(start) : -1;
            plain = known >= 0 ? remembered.plain(known) : JsonLexer.skipPlainAscii(in, start + 1, end - 1) == end - 1;
        } finally {
            close(in);
        }
        return JsonText.of(frame, start, end, plain);
    }

    /**
     * Whether the last {@link #find(ByteBuf, int, int, String[], long[])} (or its recording
     * variant) found {@code names[k]} with a string value that has no backslash escape: what
     * {@link #isPlainString(ByteBuf, long)} tells of that span, learnt while the string was
     * skipped. False when it did not, or after {@link #findRecorded}.
     */
    public boolean isPlainString(int k) {
        return k < Long.SIZE && (plainStrings & (1L << k)) != 0;
    }

    /** Whether the string whose span is {@code span} (quotes included) has no backslash escape. */
    public static boolean isPlainString(ByteBuf frame, long span) {
        int start = start(span);
        return frame.getByte(start) == '"' && frame.indexOf(start + 1, end(span) - 1, (byte) '\\') < 0;
    }

    /** Whether the value at {@code span} is an object. */
    public static boolean isObject(ByteBuf frame, long span) {
        return frame.getByte(start(span)) == '{';
    }

    /** The index after the validated value at {@code i}; nesting is tracked by a counter, not recursion. */
    private int skipValue(FrameBytes in, int i, int end) {
        byte first = in.get(i);
        if (first != '"' && first != '{' && first != '[') {
            return scalar(in, i, end);
        }
        int depth = 0;
        do {
            byte b = in.get(i);
            switch (b) {
                case '"':
                    i = skipString(in, i, end);
                    break;
                case '{':
                case '[':
                    depth++;
                    i++;
                    break;
                case '}':
                case ']':
                    depth--;
                    i++;
                    break;
                case 'e':
                case 'E': // outside strings, only in numbers and the literals true and false
                    i = exponent(in, i + 1, end);
                    break;
                default:
                    i++; // numbers, literals, commas, colons, whitespace: nothing to match
                    break;
            }
        } while (depth > 0 && i < end);
        return i;
    }

    /**
     * The index after the validated string whose opening quote is at {@code i}: plain ASCII
     * eight bytes at a time, an escape as its backslash and the byte after it, anything else
     * (UTF-8 the scanner checked) a byte at a time. No check is repeated.
     */
    private int skipString(FrameBytes in, int i, int end) {
        if (remembering) {
            int known = remembered.find(i);
            if (known >= 0) {
                sawEscape |= !remembered.plain(known); // not plain may be only non-ASCII: "escaped" is the safe side
                return remembered.end(known);
            }
        }
        int k = i + 1;
        boolean plain = true;
        for (;;) {
            k = JsonLexer.skipPlainAscii(in, k, end);
            if (k >= end) {
                return end;
            }
            byte b = in.get(k);
            if (b == '"') {
                if (remembering) {
                    remembered.add(i, k + 1, plain);
                }
                return k + 1;
            }
            plain &= b >= 0x20 && b != '\\'; // not an escape, nor a non-ASCII byte (negative)
            if (b == '\\') {
                sawEscape = true;
                k += 2;
            } else {
                k++;
            }
        }
    }

    /** The index after the number or literal at {@code i}. */
    private int scalar(FrameBytes in, int i, int end) {
        byte b;
        while (i < end && !isDelimiter(b = in.get(i))) {
            i = b == 'e' || b == 'E' ? exponent(in, i + 1, end) : i + 1;
        }
        return i;
    }

    /** Notes a long exponent whose digits (after an optional sign) start at {@code i}; returns the index after them. */
    private int exponent(FrameBytes in, int i, int end) {
        if (i < end && (in.get(i) == '-' || in.get(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < end && in.get(i) >= '0' && in.get(i) <= '9') {
            i++;
        }
        if (i - digits >= JsonLexer.LONG_EXPONENT_DIGITS) {
            longExponent = true;
        }
        return i;
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static int skipSpace(FrameBytes in, int i, int end) {
        return JsonValidator.skipWhitespace(in, i, end);
    }
}
