package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tachyon.api.InvalidArgumentException;
import dev.tachyon.api.McpException;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonNumber;
import dev.tachyon.codec.JsonWritable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table from a handler's exception to its answer, for tools and for every other method. */
class HandlerFailureTest {

    @Test
    void anMcpExceptionIsAnsweredWithItsOwnCodeMessageAndDataEverywhere() {
        McpException thrown = new McpException(-32042, "Nope", Map.of("why", "because"));
        McpException answer = HandlerFailure.error(thrown);
        assertEquals(-32042, answer.code());
        assertEquals("Nope", answer.getMessage());
        assertEquals(Map.of("why", "because"), answer.data());
        assertSame(thrown, HandlerFailure.protocolError(thrown), "a tool's McpException is its error, not a result");
    }

    @Test
    void aNumberReadPastTheDigitBoundIsTheCallersInvalidParamsEverywhere() {
        JsonNumber.TooManyDigits tooLong = assertThrows(JsonNumber.TooManyDigits.class,
                () -> JsonNumber.of("123456", 3).longValue());
        for (McpException answer : new McpException[] {HandlerFailure.error(tooLong), HandlerFailure.protocolError(tooLong)}) {
            assertEquals(ErrorCodes.INVALID_PARAMS, answer.code());
            assertEquals(Map.of("reason", "number-too-long", "digits", 6, "limit", 3), answer.data());
        }
    }

    @Test
    void anInvalidArgumentIsInvalidParamsOutsideToolsAndAnIsErrorResultInATool() {
        InvalidArgumentException bad = new InvalidArgumentException("argument 'n' must be a string");
        McpException answer = HandlerFailure.error(bad);
        assertEquals(ErrorCodes.INVALID_PARAMS, answer.code());
        assertEquals("argument 'n' must be a string", answer.getMessage());
        assertNull(answer.data());
        assertNull(HandlerFailure.protocolError(bad), "in a tool it is a result the model can correct");
        assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"Invalid arguments for tool 'greet': argument 'n' must be"
                + " a string\"}],\"isError\":true}", json(HandlerFailure.toolResult("greet", bad)));
    }

    @Test
    void anyOtherFailureIsAnInternalErrorOutsideToolsAndAnIsErrorResultNamingItInATool() {
        IllegalStateException boom = new IllegalStateException("boom");
        McpException answer = HandlerFailure.error(boom);
        assertEquals(ErrorCodes.INTERNAL_ERROR, answer.code());
        assertEquals("Internal error", answer.getMessage());
        assertEquals(Map.of("detail", "java.lang.IllegalStateException: boom"), answer.data());
        assertNull(HandlerFailure.protocolError(boom));
        assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"Tool 'greet' failed: java.lang.IllegalStateException:"
                + " boom\"}],\"isError\":true}", json(HandlerFailure.toolResult("greet", boom)));
        // checked exceptions of blocking handlers and errors of the JVM take the same way
        assertEquals(ErrorCodes.INTERNAL_ERROR, HandlerFailure.error(new java.io.IOException("disk")).code());
        assertEquals(ErrorCodes.INTERNAL_ERROR, HandlerFailure.error(new StackOverflowError()).code());
    }

    private static String json(JsonWritable value) {
        ByteBuf out = Unpooled.buffer();
        try {
            value.writeJson(out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
