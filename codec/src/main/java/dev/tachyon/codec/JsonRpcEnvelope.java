package dev.tachyon.codec;

/**
 * Where the JSON-RPC members of one frame are, as byte offsets into that frame.
 *
 * <p>A mutable flyweight filled by {@link EnvelopeScanner#scan}; one instance per connection,
 * confined to its event loop and reset by every scan. Offsets are absolute indices into the
 * scanned {@code ByteBuf} (not relative to its reader index); a span's end is exclusive; an
 * absent member has start and end {@code -1}. Value spans cover the JSON value exactly as sent
 * (for a string: including its quotes), so copying {@code [idStart, idEnd)} reproduces the id
 * byte for byte.
 *
 * <pre>
 *   {"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"echo"}}
 *                         ^^          ^^^^^^^^^^          ^^^^^^^^^^^^^^^
 *                         id span     method span         params span
 *                                     (string content,
 *                                      no quotes)
 * </pre>
 */
public final class JsonRpcEnvelope {

    /** A request: {@code method} and {@code id}. */
    public static final int REQUEST = 1;
    /** A notification: {@code method}, no {@code id}. */
    public static final int NOTIFICATION = 2;
    /** A successful response: {@code result} and {@code id}. */
    public static final int RESULT = 3;
    /** An error response: {@code error} and {@code id} (which may be {@code null}). */
    public static final int ERROR = 4;

    /** The id is a JSON number. */
    public static final int ID_NUMBER = 1;
    /** The id is a JSON string. */
    public static final int ID_STRING = 2;
    /** The id is JSON {@code null} (only valid in an error response). */
    public static final int ID_NULL = 3;

    int kind;
    int idType;
    int idStart = -1;
    int idEnd = -1;
    int methodStart = -1;
    int methodEnd = -1;
    boolean methodEscaped;
    int paramsStart = -1;
    int paramsEnd = -1;
    int resultStart = -1;
    int resultEnd = -1;
    int errorStart = -1;
    int errorEnd = -1;
    /** The long strings the scan found ({@link JsonMembers#remember}); never copied to another thread. */
    final LongStrings longStrings = new LongStrings();
    /** The members of an object {@code params}, as the scan passed them; never copied to another thread. */
    final MemberRecord params = new MemberRecord();
    /** The members of an object {@code arguments} in {@link #params}, likewise. */
    final MemberRecord arguments = new MemberRecord();
    /** Whether the scan met a number with a long exponent ({@link JsonLexer#LONG_EXPONENT_DIGITS}), anywhere. */
    boolean longExponent;

    /** Clears every span; called by the scanner before it starts. */
    public void reset() {
        longStrings.clear();
        params.clear();
        arguments.clear();
        longExponent = false;
        kind = 0;
        idType = 0;
        idStart = idEnd = -1;
        methodStart = methodEnd = -1;
        methodEscaped = false;
        paramsStart = paramsEnd = -1;
        resultStart = resultEnd = -1;
        errorStart = errorEnd = -1;
    }

    /**
     * A copy of these spans, for handing a scanned message to another thread: the envelope a
     * scanner fills is reused by that thread's next scan.
     */
    public JsonRpcEnvelope copy() {
        JsonRpcEnvelope c = new JsonRpcEnvelope();
        c.kind = kind;
        c.idType = idType;
        c.idStart = idStart;
        c.idEnd = idEnd;
        c.methodStart = methodStart;
        c.methodEnd = methodEnd;
        c.methodEscaped = methodEscaped;
        c.paramsStart = paramsStart;
        c.paramsEnd = paramsEnd;
        c.resultStart = resultStart;
        c.resultEnd = resultEnd;
        c.errorStart = errorStart;
        c.errorEnd = errorEnd;
        return c;
    }

    /** One of {@link #REQUEST}, {@link #NOTIFICATION}, {@link #RESULT}, {@link #ERROR}; 0 if the scan failed. */
    public int kind() {
        return kind;
    }

    /** Whether a well-typed id was found (set even when the scan reports {@code INVALID_REQUEST} for another member). */
    public boolean hasId() {
        return idStart >= 0;
    }

    /** {@link #ID_NUMBER}, {@link #ID_STRING} or {@link #ID_NULL}; 0 when there is no id. */
    public int idType() {
        return idType;
    }

    public int idStart() {
        return idStart;
    }

    public int idEnd() {
        return idEnd;
    }

    /** Start of the method name's raw string content (after the opening quote). */
    public int methodStart() {
        return methodStart;
    }

    /** End (exclusive) of the method name's raw content (the closing quote's index). */
    public int methodEnd() {
        return methodEnd;
    }

    /** Whether the method name contains backslash escapes, so its raw bytes are not its value. */
    public boolean methodEscaped() {
        return methodEscaped;
    }

    public boolean hasParams() {
        return paramsStart >= 0;
    }

    public int paramsStart() {
        return paramsStart;
    }

    public int paramsEnd() {
        return paramsEnd;
    }

    public int resultStart() {
        return resultStart;
    }

    public int resultEnd() {
        return resultEnd;
    }

    public int errorStart() {
        return errorStart;
    }

    public int errorEnd() {
        return errorEnd;
    }

    // Setters for the scanner (same package) and for tests building envelopes by hand.

    void id(int type, int start, int end) {
        idType = type;
        idStart = start;
        idEnd = end;
    }

    void method(int start, int end, boolean escaped) {
        methodStart = start;
        methodEnd = end;
        methodEscaped = escaped;
    }

    void params(int start, int end) {
        paramsStart = start;
        paramsEnd = end;
    }

    void result(int start, int end) {
        resultStart = start;
        resultEnd = end;
    }

    void error(int start, int end) {
        errorStart = start;
        errorEnd = end;
    }

    void kind(int kind) {
        this.kind = kind;
    }
}
