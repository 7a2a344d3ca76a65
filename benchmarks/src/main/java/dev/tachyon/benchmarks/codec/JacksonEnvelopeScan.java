package dev.tachyon.benchmarks.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;
import java.io.IOException;

/**
 * Envelope scanning with jackson-core's streaming {@link JsonParser}, used the way a careful
 * server would: default (strict) features, the same nesting limit as the Tachyon scanner,
 * top-level members read, everything else passed over with {@code skipChildren()}, and a final
 * {@code nextToken()} so that data after the message is an error.
 *
 * <p>Not thread-safe (one per benchmark thread).
 */
public final class JacksonEnvelopeScan {

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(EnvelopeScanner.DEFAULT_MAX_DEPTH)
                    .build())
            .build();
    private final EnvelopeFacts facts = new EnvelopeFacts();
    private String method;

    /** Scans {@code json}; returns {@link EnvelopeScanner#OK} or the JSON-RPC error code. */
    public int scan(byte[] json) {
        facts.reset();
        method = null;
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken top = parser.nextToken();
            if (top == null) {
                return ErrorCodes.PARSE_ERROR;
            }
            if (top == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    int member = EnvelopeFacts.member(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (member >= 0) {
                        facts.saw(member, type(value));
                        if (value == JsonToken.VALUE_STRING && member == EnvelopeFacts.JSONRPC) {
                            facts.version("2.0".equals(parser.getText()));
                        } else if (value == JsonToken.VALUE_STRING && member == EnvelopeFacts.METHOD) {
                            method = parser.getText();
                        }
                    }
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return ErrorCodes.PARSE_ERROR;
            }
            return facts.code(type(top));
        } catch (IOException e) {
            return ErrorCodes.PARSE_ERROR;
        }
    }

    /** The method name of the last successful scan, or null. */
    public String method() {
        return method;
    }

    private static int type(JsonToken token) {
        switch (token) {
            case VALUE_STRING:
                return EnvelopeFacts.STRING;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return EnvelopeFacts.NUMBER;
            case VALUE_NULL:
                return EnvelopeFacts.NULL;
            case START_OBJECT:
                return EnvelopeFacts.OBJECT;
            case START_ARRAY:
                return EnvelopeFacts.ARRAY;
            default:
                return EnvelopeFacts.BOOLEAN;
        }
    }
}
