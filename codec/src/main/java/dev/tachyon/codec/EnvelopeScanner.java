package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;

/**
 * The strict, zero-copy JSON-RPC envelope scanner.
 *
 * <p>Validates a whole frame as RFC 8259 JSON (grammar, literals, escapes, number syntax,
 * UTF-8 well-formedness including overlong forms and surrogate code points, lone surrogate
 * escapes <code>&#92;uD800</code>, nothing but whitespace after the value) and, in the same single pass,
 * records where the top-level members {@code jsonrpc}, {@code id}, {@code method},
 * {@code params}, {@code result} and {@code error} are, in any key order, without building
 * objects. Nesting deeper than the configured limit is an error, never a stack overflow (the
 * scanner does not recurse).
 *
 * <p>Not thread-safe: one instance per connection (or per thread).
 */
public final class EnvelopeScanner {

    /** Result of {@link #scan}: the frame is a valid JSON-RPC 2.0 message. */
    public static final int OK = 0;

    /** Default maximum nesting depth of arrays and objects. */
    public static final int DEFAULT_MAX_DEPTH = 128;

    private final int maxDepth;
    private final JsonValidator validator;
    private final EnvelopeShape shape = new EnvelopeShape();
    private final FrameBytes bytes = new FrameBytes();
    private String errorDetail;
    private String duplicateMember;

    /** A scanner with {@link #DEFAULT_MAX_DEPTH}. */
    public EnvelopeScanner() {
        this(DEFAULT_MAX_DEPTH);
    }

    /** @param maxDepth deepest nesting of arrays and objects accepted (the top-level object is depth 1) */
    public EnvelopeScanner(int maxDepth) {
        if (maxDepth < 2) {
            throw new IllegalArgumentException("maxDepth must be at least 2: " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.validator = new JsonValidator(maxDepth);
    }

    /**
     * Scans the readable bytes of {@code frame} without moving its indices.
     *
     * @return {@link #OK}; {@link ErrorCodes#PARSE_ERROR} when the bytes are not valid JSON
     *     (including too-deep nesting); or {@link ErrorCodes#INVALID_REQUEST} when they are
     *     valid JSON but not a JSON-RPC 2.0 message (not an object, a batch array, missing or
     *     wrong {@code "jsonrpc":"2.0"}, a non-string method, an id that is not a string or
     *     number, params that are not an object or array, a duplicated envelope member, a
     *     request that is also a response, a member name twice in the top-level object or inside
     *     a member other than params). On INVALID_REQUEST, {@code out.hasId()} says
     *     whether a usable id was found so the error can echo it. Or
     *     {@link ErrorCodes#INVALID_PARAMS} when a request or notification is well formed but an
     *     object inside its {@code params} has a member name twice (compared after unescaping):
     *     the envelope is then complete (kind, id, method, params) and {@link #duplicateMember()}
     *     names the member. A decoder would have to pick one of the two values, and two
     *     decoders (or a proxy and this server) may pick differently, so no handler sees them.
     */
    public int scan(ByteBuf frame, JsonRpcEnvelope out) {
        out.reset();
        if (duplicateMember != null) {
            duplicateMember = null; // reset only when set: most scans never set it
        }
        shape.start(out);
        int start = frame.readerIndex();
        try {
            if (!validator.validate(bytes.wrap(frame), start, frame.writerIndex(), shape, out.longStrings)) {
                out.reset();
                errorDetail = validator.problem(start);
                return ErrorCodes.PARSE_ERROR;
            }
            out.longExponent = validator.longExponent();
            int code = shape.finish(bytes.get(validator.valueStart()));
            if (code == ErrorCodes.INVALID_PARAMS) {
                duplicateMember = EnvelopeShape.abbreviate(shape.paramsDuplicate());
                errorDetail = "duplicate member \"" + duplicateMember + "\" inside \"params\"";
            } else if (code != OK) {
                errorDetail = shape.problem();
            } else if (errorDetail != null) {
                errorDetail = null;
            }
            return code;
        } finally {
            bytes.clear();
        }
    }

    /**
     * A short human-readable reason for the last failed scan (for the error's {@code data}),
     * e.g. {@code "invalid escape at byte 17"} with bytes counted from the frame's reader index;
     * null after a successful scan.
     */
    public String errorDetail() {
        return errorDetail;
    }

    /**
     * After a scan that returned {@link ErrorCodes#INVALID_PARAMS}: the member name found twice
     * (decoded, cut to 64 characters); null otherwise.
     */
    public String duplicateMember() {
        return duplicateMember;
    }

    /** The deepest nesting this scanner accepts. */
    public int maxDepth() {
        return maxDepth;
    }
}
