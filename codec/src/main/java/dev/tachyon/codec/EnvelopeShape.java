package dev.tachyon.codec;


/**
 * Checks the JSON-RPC 2.0 shape of a top-level object while {@link JsonValidator} walks it, and
 * records the envelope's spans in a {@link JsonRpcEnvelope}.
 *
 * <p>Only the six envelope members are looked at; other members are ignored, as JSON-RPC
 * allows. The members of an object {@code params}, and of an object {@code arguments} in it,
 * are recorded ({@link JsonRpcEnvelope#params}, {@link JsonRpcEnvelope#arguments}) for
 * {@link JsonMembers#find}, which then does not walk them again. The first shape problem is remembered and scanning goes on, because a frame that
 * turns out not to be JSON at all must be reported as a parse error instead. Allocates only
 * when a problem is found. Not thread-safe; owned by one {@link EnvelopeScanner}.
 */
final class EnvelopeShape implements TopLevelMembers {

    private static final int NONE = -1;
    private static final int JSONRPC = 0;
    private static final int ID = 1;
    private static final int METHOD = 2;
    private static final int PARAMS = 3;
    private static final int RESULT = 4;
    private static final int ERROR = 5;
    /** Each at most eight bytes: a name is one of them when its key and length are that one's. */
    private static final String[] NAMES = {"jsonrpc", "id", "method", "params", "result", "error"};
    private static final long[] NAME_KEYS = keys(NAMES);
    private static final byte[] VERSION = {'"', '2', '.', '0', '"'};
    private static final String ARGUMENTS = "arguments";
    /** The first eight bytes of {@code arguments}; its ninth is compared in the frame. */
    private static final long ARGUMENTS_KEY = MemberNames.key(ARGUMENTS);

    private JsonRpcEnvelope out;
    private int member;
    private int seen;
    private boolean duplicateId;
    private String problem;
    /** The first name found twice in one object inside {@code params}; null if none. */
    private String paramsDuplicate;
    /** Whether the member of params named last is the (first) {@code arguments}. */
    private boolean inArguments;

    /** Starts a new frame; {@code envelope} must already be {@link JsonRpcEnvelope#reset reset}. */
    void start(JsonRpcEnvelope envelope) {
        if (out != envelope) {
            out = envelope; // the scanner's envelope is the same frame after frame: stored when it changes
        }
        member = NONE;
        seen = 0;
        duplicateId = false;
        if (problem != null) {
            problem = null;
        }
        if (paramsDuplicate != null) {
            paramsDuplicate = null;
        }
        inArguments = false;
    }

    @Override
    public boolean name(FrameBytes in, int depth, int start, int end, boolean escaped, long key, int length) {
        if (depth == 2) {
            out.params.name(start, end, escaped);
            // Unescaped, as the record keeps it; the first only (a second is a duplicate the scan refuses).
            inArguments = key == ARGUMENTS_KEY && length == ARGUMENTS.length() && !escaped
                    && in.get(start + Long.BYTES) == ARGUMENTS.charAt(Long.BYTES)
                    && out.arguments.objectStart < 0 && out.arguments.count < 0;
            if (inArguments) {
                out.arguments.begin();
            }
            return inArguments;
        }
        if (depth > 2) {
            out.arguments.name(start, end, escaped);
            return false;
        }
        member = identify(key, length);
        if (member == NONE) {
            return false;
        }
        int bit = 1 << member;
        if ((seen & bit) != 0) {
            problem("duplicate member \"" + NAMES[member] + "\"");
            // Which of two ids to echo is anyone's guess; JSON-RPC says to answer with null.
            duplicateId |= member == ID;
            member = NONE; // the first occurrence stays recorded
        }
        seen |= bit;
        if (member == PARAMS) {
            out.params.begin();
            return true;
        }
        return false;
    }

    @Override
    public void value(FrameBytes in, int depth, int start, int end, boolean escaped) {
        byte first = in.get(start);
        if (depth > 1) {
            MemberRecord record = depth == 2 ? out.params : out.arguments;
            record.value(start, end, first == '"' && !escaped);
            if (depth == 2 && inArguments) {
                out.arguments.object(in, start, end);
                inArguments = false;
            }
            return;
        }
        switch (member) {
            case JSONRPC:
                if (!isVersion(in, start, end, escaped)) {
                    problem("\"jsonrpc\" must be \"2.0\"");
                }
                break;
            case ID:
                if (idType(first) == 0) {
                    problem("\"id\" must be a string or an integer");
                } else if (idType(first) == JsonRpcEnvelope.ID_NUMBER && !isInteger(in, start, end)) {
                    // MCP: "a string or integer". 1.5, 1e3 and 1.0 alike: the id is echoed byte for
                    // byte, so a client would have to compare number texts; and it is not echoed here.
                    problem("\"id\" must be a string or an integer");
                } else {
                    out.id(idType(first), start, end);
                }
                break;
            case METHOD:
                if (first == '"') {
                    out.method(start + 1, end - 1, escaped);
                } else {
                    problem("\"method\" must be a string");
                }
                break;
            case PARAMS:
                out.params.object(in, start, end);
                if (first == '{' || first == '[') {
                    out.params(start, end);
                } else {
                    problem("\"params\" must be an object or an array");
                }
                break;
            case RESULT:
                out.result(start, end);
                break;
            case ERROR:
                if (first == '{') {
                    out.error(start, end);
                } else {
                    problem("\"error\" must be an object");
                }
                break;
            default:
                break;
        }
        member = NONE;
    }

    @Override
    public void duplicate(String name, int depth) {
        if (depth == 1) {
            problem("duplicate member \"" + abbreviate(name) + "\"");
        } else if (member == PARAMS) {
            if (paramsDuplicate == null) {
                paramsDuplicate = name;
            }
        } else {
            problem("duplicate member \"" + abbreviate(name) + "\" inside "
                    + (member == NONE ? "a member" : "\"" + NAMES[member] + "\""));
        }
    }

    /** The name found twice inside {@code params} when {@link #finish} returned INVALID_PARAMS, else null. */
    String paramsDuplicate() {
        return paramsDuplicate;
    }

    /**
     * Decides the message kind once the whole frame has validated as JSON.
     *
     * @param topLevel the first byte of the top-level value
     * @return {@link EnvelopeScanner#OK} with the kind set; {@link ErrorCodes#INVALID_PARAMS}
     *     (see {@link #paramsDuplicate()}) with the envelope complete, when a request's or
     *     notification's params repeat a member name; or {@link ErrorCodes#INVALID_REQUEST}
     *     (see {@link #problem()}) with only a string or integer id left in the envelope
     */
    int finish(byte topLevel) {
        if (topLevel != '{') {
            problem(topLevel == '[' ? "batch requests are not supported" : "a message must be a JSON object");
        } else if ((seen & (1 << JSONRPC)) == 0) {
            problem("missing \"jsonrpc\":\"2.0\"");
        } else if (problem == null) {
            out.kind(kind());
        }
        if (problem == null && paramsDuplicate != null) {
            if (out.kind() == JsonRpcEnvelope.REQUEST || out.kind() == JsonRpcEnvelope.NOTIFICATION) {
                return ErrorCodes.INVALID_PARAMS;
            }
            problem("duplicate member \"" + abbreviate(paramsDuplicate) + "\" inside \"params\"");
        }
        if (problem == null) {
            paramsDuplicate = null;
            return EnvelopeScanner.OK;
        }
        paramsDuplicate = null;
        invalid();
        return ErrorCodes.INVALID_REQUEST;
    }

    /** Why {@link #finish} reported INVALID_REQUEST. */
    String problem() {
        return problem;
    }

    /** The kind for a shape without other problems; records a problem and returns 0 when there is none. */
    private int kind() {
        boolean hasId = out.hasId();
        boolean isNullId = out.idType() == JsonRpcEnvelope.ID_NULL;
        boolean hasResult = out.resultStart() >= 0;
        boolean hasError = out.errorStart() >= 0;
        if (out.methodStart() >= 0) {
            if (hasResult || hasError) {
                problem("a message with \"method\" cannot carry \"result\" or \"error\"");
            } else if (isNullId) {
                problem("a request id must not be null");
            } else {
                return hasId ? JsonRpcEnvelope.REQUEST : JsonRpcEnvelope.NOTIFICATION;
            }
        } else if (hasResult && hasError) {
            problem("a response cannot carry both \"result\" and \"error\"");
        } else if (!hasResult && !hasError) {
            problem("neither \"method\" nor \"result\" or \"error\"");
        } else if (!hasId) {
            problem("a response needs an \"id\"");
        } else if (hasResult && isNullId) {
            problem("a result's id must not be null");
        } else {
            return hasResult ? JsonRpcEnvelope.RESULT : JsonRpcEnvelope.ERROR;
        }
        return 0;
    }

    /** Leaves only an id the error response can echo: a single string or number. */
    private void invalid() {
        int idType = out.idType();
        int idStart = out.idStart();
        int idEnd = out.idEnd();
        out.reset();
        if (!duplicateId && (idType == JsonRpcEnvelope.ID_STRING || idType == JsonRpcEnvelope.ID_NUMBER)) {
            out.id(idType, idStart, idEnd);
        }
    }

    private void problem(String reason) {
        if (problem == null) {
            problem = reason;
        }
    }

    private static int idType(byte first) {
        if (first == '"') {
            return JsonRpcEnvelope.ID_STRING;
        } else if (first == '-' || (first >= '0' && first <= '9')) {
            return JsonRpcEnvelope.ID_NUMBER;
        } else if (first == 'n') {
            return JsonRpcEnvelope.ID_NULL;
        }
        return 0;
    }

    /** Whether the number in {@code in[start, end)} is an integer literal: no fraction, no exponent. */
    private static boolean isInteger(FrameBytes in, int start, int end) {
        for (int k = start; k < end; k++) {
            byte b = in.get(k);
            if (b == '.' || b == 'e' || b == 'E') {
                return false;
            }
        }
        return true;
    }

    /** A name short enough for an error message. */
    static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 61) + "...";
    }

    private static boolean isVersion(FrameBytes in, int start, int end, boolean escaped) {
        if (in.get(start) != '"') {
            return false;
        }
        return escaped ? JsonLexer.contentEquals(in, start + 1, end - 1, "2.0") : matches(in, start, end, VERSION);
    }

    /**
     * Which envelope member a name is, by its packed first eight bytes and its length (both
     * decoded: <code>"&#92;u006Dethod"</code> is {@code method}); enough, as no envelope name
     * is longer than eight bytes.
     */
    private static int identify(long key, int length) {
        for (int m = 0; m < NAMES.length; m++) {
            if (NAME_KEYS[m] == key && NAMES[m].length() == length) {
                return m;
            }
        }
        return NONE;
    }

    private static boolean matches(FrameBytes in, int start, int end, byte[] expected) {
        if (end - start != expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (in.get(start + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static long[] keys(String[] names) {
        long[] keys = new long[names.length];
        for (int m = 0; m < names.length; m++) {
            if (names[m].length() > Long.BYTES) {
                throw new AssertionError("an envelope name longer than a key: " + names[m]);
            }
            keys[m] = MemberNames.key(names[m]);
        }
        return keys;
    }
}
