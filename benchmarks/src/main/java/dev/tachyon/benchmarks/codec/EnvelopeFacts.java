package dev.tachyon.benchmarks.codec;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;

/**
 * What a general-purpose streaming parser saw of the six JSON-RPC envelope members, and the
 * scan result that follows from it by the same rules as {@link EnvelopeScanner}. The
 * comparison parsers feed it, so they are judged on their JSON handling alone.
 *
 * <p>Mutable and reused per scan, like the scanner's envelope.
 */
final class EnvelopeFacts {

    static final int JSONRPC = 0;
    static final int ID = 1;
    static final int METHOD = 2;
    static final int PARAMS = 3;
    static final int RESULT = 4;
    static final int ERROR = 5;

    /** Value types, as the parsers report them. */
    static final int STRING = 1;
    static final int NUMBER = 2;
    static final int NULL = 3;
    static final int OBJECT = 4;
    static final int ARRAY = 5;
    static final int BOOLEAN = 6;

    private final int[] types = new int[6];
    private int seen;
    private boolean duplicate;
    private boolean version;

    void reset() {
        java.util.Arrays.fill(types, 0);
        seen = 0;
        duplicate = false;
        version = false;
    }

    /** The envelope member a top-level name stands for, or -1. */
    static int member(String name) {
        switch (name) {
            case "jsonrpc":
                return JSONRPC;
            case "id":
                return ID;
            case "method":
                return METHOD;
            case "params":
                return PARAMS;
            case "result":
                return RESULT;
            case "error":
                return ERROR;
            default:
                return -1;
        }
    }

    /** A member and its value type; a second occurrence makes the message invalid. */
    void saw(int member, int type) {
        duplicate |= (seen & (1 << member)) != 0;
        seen |= 1 << member;
        types[member] = type;
    }

    /** Whether the {@code jsonrpc} string was exactly "2.0". */
    void version(boolean isTwoPointZero) {
        version = isTwoPointZero;
    }

    /**
     * The scan result for a document that parsed as JSON.
     *
     * @param topLevel the type of the top-level value
     */
    int code(int topLevel) {
        if (topLevel != OBJECT || duplicate || !version || types[JSONRPC] != STRING) {
            return ErrorCodes.INVALID_REQUEST;
        }
        int id = types[ID];
        int method = types[METHOD];
        int params = types[PARAMS];
        boolean result = types[RESULT] != 0;
        boolean error = types[ERROR] != 0;
        boolean typesOk = (id == 0 || id == STRING || id == NUMBER || id == NULL)
                && (method == 0 || method == STRING)
                && (params == 0 || params == OBJECT || params == ARRAY)
                && (!error || types[ERROR] == OBJECT);
        boolean shapeOk = method != 0
                ? !result && !error && id != NULL
                : result != error && id != 0 && !(result && id == NULL);
        return typesOk && shapeOk ? EnvelopeScanner.OK : ErrorCodes.INVALID_REQUEST;
    }
}
