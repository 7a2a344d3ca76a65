package dev.tachyon.benchmarks.codec;

import com.jsoniter.JsonIterator;
import com.jsoniter.ValueType;
import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;
import java.io.IOException;

/**
 * Envelope scanning with jsoniter's iterator API (no code generation), used as its
 * documentation suggests: one reused {@link JsonIterator}, {@code whatIsNext}/{@code readObject}
 * over the top level, {@code readString} for the members needed, {@code skip()} for the rest.
 *
 * <p>Two limits of the API show in what it accepts: {@code skip()} only matches brackets and
 * quotes without validating what it passes over, and there is no end-of-input check (calling
 * {@code whatIsNext()} at the end throws {@code ArrayIndexOutOfBoundsException}), so bytes
 * after the message go unnoticed. Errors surface as assorted runtime exceptions, all mapped to
 * a parse error here. Not thread-safe.
 */
public final class JsoniterEnvelopeScan {

    private final JsonIterator iterator = JsonIterator.parse(new byte[] {'{', '}'});
    private final EnvelopeFacts facts = new EnvelopeFacts();
    private String method;

    /** Scans {@code json}; returns {@link EnvelopeScanner#OK} or the JSON-RPC error code. */
    public int scan(byte[] json) {
        facts.reset();
        method = null;
        iterator.reset(json);
        try {
            ValueType top = iterator.whatIsNext();
            if (top == ValueType.INVALID) {
                return ErrorCodes.PARSE_ERROR;
            }
            if (top == ValueType.OBJECT) {
                for (String name = iterator.readObject(); name != null; name = iterator.readObject()) {
                    member(EnvelopeFacts.member(name));
                }
            } else {
                iterator.skip();
            }
            return facts.code(type(top));
        } catch (IOException | RuntimeException e) {
            return ErrorCodes.PARSE_ERROR;
        }
    }

    /** The method name of the last successful scan, or null. */
    public String method() {
        return method;
    }

    private void member(int member) throws IOException {
        if (member < 0) {
            iterator.skip();
            return;
        }
        ValueType value = iterator.whatIsNext();
        facts.saw(member, type(value));
        if (value == ValueType.STRING && member == EnvelopeFacts.JSONRPC) {
            facts.version("2.0".equals(iterator.readString()));
        } else if (value == ValueType.STRING && member == EnvelopeFacts.METHOD) {
            method = iterator.readString();
        } else {
            iterator.skip();
        }
    }

    private static int type(ValueType type) {
        switch (type) {
            case STRING:
                return EnvelopeFacts.STRING;
            case NUMBER:
                return EnvelopeFacts.NUMBER;
            case NULL:
                return EnvelopeFacts.NULL;
            case OBJECT:
                return EnvelopeFacts.OBJECT;
            case ARRAY:
                return EnvelopeFacts.ARRAY;
            default:
                return EnvelopeFacts.BOOLEAN;
        }
    }
}
