package dev.tachyon.codec;


/**
 * The strict single-pass JSON validator shared by {@link EnvelopeScanner} and
 * {@link JsonValidation}: exactly one RFC 8259 value, optionally surrounded by whitespace
 * (space, tab, CR, LF), nested no deeper than a fixed limit.
 *
 * <p>It does not recurse: open containers are kept in a byte array sized to the depth limit,
 * so hostile nesting ends in an error, never a {@code StackOverflowError}. Tokens are checked by
 * {@link JsonLexer}. When the value is an object, its members are reported to a
 * {@link TopLevelMembers} as byte spans, and so are the members of any member's object value
 * the listener asks for when told the member's name (the envelope scanner asks for
 * {@code params}, then for its {@code arguments}): the engine reads them from that report
 * instead of walking the params again. A validation allocates nothing.
 *
 * <p>Not thread-safe: one instance per scanner.
 */
final class JsonValidator {

    static final String TOO_DEEP = "nesting too deep";
    static final String EMPTY = "no JSON value";
    static final String UNEXPECTED_CHARACTER = "unexpected character";
    static final String EXPECTED_NAME = "expected a member name";
    static final String EXPECTED_COLON = "expected ':'";
    static final String EXPECTED_OBJECT_END = "expected ',' or '}'";
    static final String EXPECTED_ARRAY_END = "expected ',' or ']'";
    static final String TRAILING_DATA = "unexpected data after the JSON value";

    private static final byte OBJECT = 1;
    private static final byte ARRAY = 2;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final JsonLexer lexer = new JsonLexer();
    /** Container kind per open nesting level; index 0 is the top-level value. */
    private final byte[] open;
    private final MemberNames names;
    /** Told about duplicate names; null to fail on them. */
    private TopLevelMembers listener;
    private int valueStart;
    /** Whether the member named last asked for the members of its value ({@link TopLevelMembers#name}). */
    private boolean descend;
    /** Where the value of the reported member being scanned at each depth starts. */
    private final int[] memberStarts;

    /** @param maxDepth deepest nesting of arrays and objects accepted (a top-level container is depth 1) */
    JsonValidator(int maxDepth) {
        this(maxDepth, new MemberNames(maxDepth));
    }

    /** For tests: with {@code names} (a chosen hash seed and probe limit) to find duplicates. */
    JsonValidator(int maxDepth, MemberNames names) {
        this.open = new byte[maxDepth];
        this.memberStarts = new int[maxDepth + 1];
        this.names = names;
    }

    /**
     * Validates {@code in[start, end)}.
     *
     * <p>With {@code members}, a member name that occurs twice in one object (at any depth,
     * compared after unescaping) is reported to it, which decides what it means, and validation
     * goes on. Duplicates do not make JSON invalid (RFC 8259 says names SHOULD be unique).
     *
     * @param members told about each member of a top-level object and about duplicate names, or null
     * @return whether the bytes are valid; when not, see {@link #problem}
     */
    boolean validate(FrameBytes in, int start, int end, TopLevelMembers members) {
        return validate(in, start, end, members, null);
    }

    /** As above, reporting the long strings found to {@code strings} (when not null). */
    boolean validate(FrameBytes in, int start, int end, TopLevelMembers members, LongStrings strings) {
        // Kept between frames, stored when they change: a scanner passes its own shape, reader and
        // envelope's strings frame after frame, and a reference stored into a long-lived object
        // pays G1's write barrier. Nothing here is read outside validate.
        if (listener != members) {
            listener = members;
        }
        names.start(in, end);
        lexer.reportStrings(strings);
        lexer.clearLongExponent();
        descend = false;
        try {
            return walk(in, start, end, members);
        } finally {
            names.finish();
        }
    }

    private boolean walk(FrameBytes in, int start, int end, TopLevelMembers members) {
        int depth = 0;
        // Members of the open objects at depths 1..reportDepth are reported: the top-level
        // object's, and within the object at reportDepth, a member's object the listener asked for.
        int reportDepth = 0;
        int i = skipWhitespace(in, start, end);
        valueStart = i;
        if (i >= end) {
            return fail(EMPTY, i);
        }
        values:
        for (;;) {
            // A value starts at i (whitespace already skipped).
            if (i >= end) {
                return fail(JsonLexer.UNEXPECTED_END, i);
            }
            if (depth == reportDepth) {
                memberStarts[depth] = i;
            }
            byte b = in.get(i);
            if (b == '{' || b == '[') {
                if (depth == open.length) {
                    return fail(TOO_DEEP, i);
                }
                boolean object = b == '{';
                boolean report = object && members != null && depth == reportDepth && (depth == 0 || descend);
                open[depth++] = object ? OBJECT : ARRAY;
                if (report) {
                    reportDepth = depth;
                }
                i = skipWhitespace(in, i + 1, end);
                if (i < end && in.get(i) == (object ? '}' : ']')) {
                    if (report) {
                        reportDepth--;
                    }
                    depth--;
                    i++;
                } else if (object) {
                    names.open(depth - 1);
                    i = memberName(in, i, end, depth, depth == reportDepth ? members : null);
                    if (i == JsonLexer.FAILED) {
                        return false;
                    }
                    continue;
                } else {
                    continue;
                }
            } else {
                i = scalar(in, i, end, b);
                if (i == JsonLexer.FAILED) {
                    return false;
                }
            }
            // A value ended just before i: move to the next element or close containers.
            for (;;) {
                if (depth == 0) {
                    i = skipWhitespace(in, i, end);
                    return i == end || fail(TRAILING_DATA, i);
                }
                if (depth == reportDepth) {
                    members.value(in, depth, memberStarts[depth], i, lexer.escaped());
                }
                i = skipWhitespace(in, i, end);
                if (i >= end) {
                    return fail(JsonLexer.UNEXPECTED_END, i);
                }
                boolean inObject = open[depth - 1] == OBJECT;
                byte c = in.get(i);
                if (c == ',') {
                    i = skipWhitespace(in, i + 1, end);
                    if (inObject) {
                        i = memberName(in, i, end, depth, depth == reportDepth ? members : null);
                        if (i == JsonLexer.FAILED) {
                            return false;
                        }
                    }
                    continue values;
                }
                if (c != (inObject ? '}' : ']')) {
                    return fail(inObject ? EXPECTED_OBJECT_END : EXPECTED_ARRAY_END, i);
                }
                if (inObject) {
                    names.close(depth - 1);
                }
                if (depth == reportDepth) {
                    reportDepth--; // only an object is reported: its members end here
                }
                depth--;
                i++;
            }
        }
    }

    /** Whether the last validation met a number whose exponent has {@value JsonLexer#LONG_EXPONENT_DIGITS} digits or more. */
    boolean longExponent() {
        return lexer.longExponent();
    }

    /** Where the top-level value starts (after leading whitespace), once {@link #validate} has run. */
    int valueStart() {
        return valueStart;
    }

    /** Why the last validation failed, e.g. {@code "invalid escape at byte 17"}, counting bytes from {@code base}. */
    String problem(int base) {
        return lexer.failure() + " at byte " + (lexer.failureIndex() - base);
    }

    /**
     * Scans {@code "name"} of a member of the object at {@code depth} (1 for the top level) and
     * the colon after it; returns where the member's value starts.
     */
    private int memberName(FrameBytes in, int i, int end, int depth, TopLevelMembers members) {
        if (i >= end || in.get(i) != '"') {
            return lexer.fail(i >= end ? JsonLexer.UNEXPECTED_END : EXPECTED_NAME, i);
        }
        int after = lexer.string(in, i, end);
        if (after == JsonLexer.FAILED) {
            return JsonLexer.FAILED;
        }
        if (listener != null && !names.add(depth - 1, i + 1, after - 1, lexer.escaped())) {
            listener.duplicate(names.lastName(), depth);
        }
        if (members != null) { // members is the listener or null: the name was just added
            descend = members.name(in, depth, i + 1, after - 1, lexer.escaped(), names.lastKey(), names.lastLength());
        }
        i = skipWhitespace(in, after, end);
        if (i >= end || in.get(i) != ':') {
            return lexer.fail(i >= end ? JsonLexer.UNEXPECTED_END : EXPECTED_COLON, i);
        }
        return skipWhitespace(in, i + 1, end);
    }

    private int scalar(FrameBytes in, int i, int end, byte first) {
        switch (first) {
            case '"':
                return lexer.string(in, i, end);
            case 't':
                return lexer.literal(in, i, end, TRUE);
            case 'f':
                return lexer.literal(in, i, end, FALSE);
            case 'n':
                return lexer.literal(in, i, end, NULL);
            case '-':
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7':
            case '8':
            case '9':
                return lexer.number(in, i, end);
            default:
                return lexer.fail(UNEXPECTED_CHARACTER, i);
        }
    }

    /** The index of the first byte at or after {@code i} that is not JSON whitespace (or {@code end}). */
    static int skipWhitespace(FrameBytes in, int i, int end) {
        // Most JSON on the wire is compact: test for "no whitespace here" first.
        if (i < end && in.get(i) > ' ') {
            return i;
        }
        while (i < end) {
            byte b = in.get(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private boolean fail(String reason, int index) {
        lexer.fail(reason, index);
        return false;
    }
}
