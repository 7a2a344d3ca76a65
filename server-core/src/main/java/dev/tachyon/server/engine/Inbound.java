package dev.tachyon.server.engine;

import dev.tachyon.api.McpException;
import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonMembers;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.JsonRpcWriter;
import dev.tachyon.codec.JsonValues;
import dev.tachyon.codec.McpMethod;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message as it entered the server: its frame and what the one scan of it found
 * ({@link McpEngine#scan}). A transport that must look at a message before the engine does
 * (HTTP: which session, which revision) reads it here and hands this same object to
 * {@link McpEngine#onMessage(McpSession, Inbound, Object, MessageHeaders)}, so a message is
 * scanned once on every transport.
 *
 * <p>A flyweight: what {@link McpEngine#scan} returns is the scanning thread's own, valid on that
 * thread until its next scan and only while the frame is alive (it does not own the frame).
 * {@link #copy()} keeps it for another thread. A failed scan is answered by
 * {@link #writeRefusal}, the one mapping of unreadable messages to JSON-RPC errors.
 */
public final class Inbound {

    /** {@code data.reason} of the {@code -32602} answering params that repeat a member name. */
    public static final String DUPLICATE_MEMBER = "duplicate-member";

    private final JsonRpcEnvelope env;
    /** The scratch of the thread that owns this instance; null in a {@link #copy()}, which may be read anywhere. */
    private final MessageScratch owner;
    private ByteBuf frame;
    private int status;
    /** The scanner's error detail, or the name of the member params repeat; null after a good scan. */
    private String problem;
    /** The method, looked up on first use: valid while {@link #methodKnown}. */
    private McpMethod method;
    private boolean methodKnown;

    Inbound(MessageScratch owner) {
        this(new JsonRpcEnvelope(), owner);
    }

    private Inbound(JsonRpcEnvelope env, MessageScratch owner) {
        this.env = env;
        this.owner = owner;
    }

    /**
     * Scans {@code frame} into this (reused) instance. The references are stored only when they
     * change (the lines of one read batch share their buffer, most messages share their method):
     * under G1 a reference stored into this long-lived object pays a write barrier.
     */
    Inbound scan(EnvelopeScanner scanner, ByteBuf frame) {
        if (this.frame != frame) {
            this.frame = frame;
        }
        methodKnown = false;
        status = scanner.scan(frame, env);
        String detail = status == EnvelopeScanner.OK ? null
                : status == ErrorCodes.INVALID_PARAMS ? scanner.duplicateMember() : scanner.errorDetail();
        if (problem != detail) {
            problem = detail;
        }
        return this;
    }

    /** The scratch of the thread reading this message: its scanning thread's, kept, or (a copy) the caller's. */
    MessageScratch scratch() {
        return owner != null ? owner : MessageScratch.current();
    }

    /**
     * This message apart from the scanning thread's next scan, for a transport that hands it to
     * another thread (the frame must stay alive until that thread is done with it).
     */
    public Inbound copy() {
        Inbound c = new Inbound(env.copy(), null);
        c.frame = frame;
        c.status = status;
        c.problem = problem;
        c.method = method;
        c.methodKnown = methodKnown;
        return c;
    }

    /** The message's bytes, without framing (not owned by this object). */
    public ByteBuf frame() {
        return frame;
    }

    /** Where the message's members are in {@link #frame()}. */
    public JsonRpcEnvelope envelope() {
        return env;
    }

    /** Whether the scan accepted the message as one JSON-RPC 2.0 message. */
    public boolean ok() {
        return status == EnvelopeScanner.OK;
    }

    /**
     * {@link EnvelopeScanner#OK}, or the code the message is refused with: {@code -32700} (not
     * JSON), {@code -32600} (not JSON-RPC 2.0), {@code -32602} (params repeat a member name).
     */
    public int status() {
        return status;
    }

    /** {@link JsonRpcEnvelope#REQUEST}, {@code NOTIFICATION}, {@code RESULT} or {@code ERROR}; 0 if the scan failed. */
    public int kind() {
        return env.kind();
    }

    /** Whether this is a request (so it gets an answer, an error included). */
    public boolean isRequest() {
        return env.kind() == JsonRpcEnvelope.REQUEST;
    }

    /** The method of a request or notification ({@link McpMethod#UNKNOWN} for a name the server does not know). */
    public McpMethod method() {
        if (methodKnown) {
            return method;
        }
        McpMethod m = env.methodEscaped() ? McpMethod.lookup(JsonValues.stringContent(frame, env.methodStart(), env.methodEnd()))
                : McpMethod.lookup(frame, env.methodStart(), env.methodEnd());
        if (method != m) {
            method = m; // stored when it changes: most messages on a thread are one method
        }
        methodKnown = true;
        return m;
    }

    /** The method name as sent (unescaped). */
    String methodName() {
        return JsonValues.stringContent(frame, env.methodStart(), env.methodEnd());
    }

    /** The id's JSON text, byte for byte as sent. */
    public byte[] id() {
        return McpEngine.copy(frame, env.idStart(), env.idEnd());
    }

    /**
     * Writes the JSON-RPC error refusing a message whose scan failed (not {@link #ok()}):
     * {@code -32700 Parse error} and {@code -32600 Invalid Request} with {@code data.detail} and
     * the id when a valid one was found (else {@code null}); params that repeat a member name
     * {@code -32602} with {@code data.reason} {@value #DUPLICATE_MEMBER} and the member. A
     * notification's refusal has a null id; whether it is sent at all is the transport's call
     * (a stream drops it, HTTP must answer its POST).
     */
    public void writeRefusal(ByteBuf out) {
        if (status == ErrorCodes.INVALID_PARAMS) {
            JsonRpcWriter.error(out, isRequest() ? id() : null, status,
                    "Invalid params: a member name occurs twice in one object", duplicateData(problem));
            return;
        }
        byte[] id = status == ErrorCodes.INVALID_REQUEST && env.hasId() && env.idType() != JsonRpcEnvelope.ID_NULL
                ? id() : null;
        JsonRpcWriter.error(out, id, status, status == ErrorCodes.PARSE_ERROR ? "Parse error" : "Invalid Request",
                Map.of("detail", problem));
    }

    /** The {@code data} of the error refusing params that repeat {@code member}. */
    static Map<String, Object> duplicateData(String member) {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("reason", DUPLICATE_MEMBER); // reason first, as in every refusal's data
        data.put("member", member);
        return data;
    }

    /**
     * Whether this request or notification is shaped for the stateless revision (its
     * {@code _meta} carries that revision's per-request keys, or its method exists only there):
     * what a transport that decides the era per message looks at. Unreadable params count as not.
     */
    public boolean isStatelessShaped() {
        try {
            // Only _meta's keys are looked at: the digit bound of numbers nobody reads does not matter.
            if (env.hasParams() && frame.getByte(env.paramsStart()) != '{') {
                return false;
            }
            return RequestMeta.isModern(method(), metaOnly(JsonNumber.DEFAULT_MAX_DIGITS));
        } catch (McpException e) {
            return false;
        }
    }

    /**
     * The string member {@code name} of params (e.g. a {@code tools/call}'s tool), found in place
     * without decoding the rest; null when params are not an object or the member is absent or
     * not a string.
     */
    public String paramString(String name) {
        if (!env.hasParams() || frame.getByte(env.paramsStart()) != '{') {
            return null;
        }
        try {
            MessageScratch scratch = scratch();
            scratch.oneName[0] = name;
            Object value;
            if (scratch.members.find(frame, env.paramsStart(), env.paramsEnd(), scratch.oneName, scratch.oneSpan)) {
                long span = scratch.oneSpan[0];
                value = span == JsonMembers.ABSENT ? null : Decoding.read(frame, JsonMembers.start(span),
                        JsonMembers.end(span), JsonNumber.DEFAULT_MAX_DIGITS);
            } else {
                value = params(JsonNumber.DEFAULT_MAX_DIGITS).get(name); // escaped names: decoded whole
            }
            return value instanceof String ? (String) value : null;
        } catch (McpException e) {
            return null;
        }
    }

    /** Whether params are present and not an object. */
    boolean paramsNotObject() {
        return env.hasParams() && frame.getByte(env.paramsStart()) != '{';
    }

    /**
     * The params with only their {@code _meta} decoded (what the era is decided by), found in
     * place; the whole params decoded when the in-place reader is unsure (escaped names).
     */
    Map<String, Object> metaOnly(int maxNumberDigits) {
        if (!env.hasParams()) {
            return Collections.emptyMap();
        }
        MessageScratch scratch = scratch();
        scratch.oneName[0] = "_meta";
        if (!scratch.members.find(frame, env.paramsStart(), env.paramsEnd(), scratch.oneName, scratch.oneSpan)) {
            return params(maxNumberDigits);
        }
        long span = scratch.oneSpan[0];
        if (span == JsonMembers.ABSENT) {
            return Collections.emptyMap();
        }
        return Collections.singletonMap("_meta",
                Decoding.read(frame, JsonMembers.start(span), JsonMembers.end(span), maxNumberDigits));
    }

    /** The params decoded whole (empty when absent); {@code -32602} when they are not an object. */
    Map<String, Object> params(int maxNumberDigits) {
        if (!env.hasParams()) {
            return Collections.emptyMap();
        }
        Map<String, Object> params = Decoding.objectOrNull(frame, env.paramsStart(), env.paramsEnd(), maxNumberDigits);
        if (params == null) {
            throw McpException.invalidParams("params must be an object");
        }
        return params;
    }
}
