package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class McpMethodTest {

    /** Looks {@code name} up from the middle of a larger buffer, as the method span of a frame would be. */
    private static McpMethod lookupInFrame(String name) {
        ByteBuf frame = Unpooled.copiedBuffer("{\"method\":\"" + name + "\"}", StandardCharsets.UTF_8);
        try {
            int start = 11;
            return McpMethod.lookup(frame, start, start + name.getBytes(StandardCharsets.UTF_8).length);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest
    @EnumSource(value = McpMethod.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void everyMethodIsFoundByItsName(McpMethod method) {
        assertEquals(method, lookupInFrame(method.methodName()));
        assertEquals(method, McpMethod.lookup(method.methodName()));
    }

    @ParameterizedTest
    @EnumSource(value = McpMethod.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void prefixesExtensionsAndCaseVariantsAreUnknown(McpMethod method) {
        String name = method.methodName();
        assertEquals(McpMethod.UNKNOWN, lookupInFrame(name.substring(0, name.length() - 1)));
        assertEquals(McpMethod.UNKNOWN, lookupInFrame(name + "x"));
        assertEquals(McpMethod.UNKNOWN, lookupInFrame(name + "/"));
        assertEquals(McpMethod.UNKNOWN, lookupInFrame(name.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(McpMethod.UNKNOWN, lookupInFrame("x" + name.substring(1)));
        assertEquals(McpMethod.UNKNOWN, McpMethod.lookup(name + " "));
    }

    /** Names are compared eight bytes at a time (words overlap at the end): a change at any one byte is seen. */
    @ParameterizedTest
    @EnumSource(value = McpMethod.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void aNameWithAnyOneByteChangedIsUnknown(McpMethod method) {
        String name = method.methodName();
        for (int i = 0; i < name.length(); i++) {
            String changed = name.substring(0, i) + (char) (name.charAt(i) ^ 0x01) + name.substring(i + 1);
            assertEquals(McpMethod.UNKNOWN, lookupInFrame(changed), changed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tools", "tools/", "resources/", "notifications/", "tools/cal", "tools/calls", "é", "notifications/resources/updated/with/a/name/longer/than/sixty-four/bytes"})
    void unknownNames(String name) {
        assertEquals(McpMethod.UNKNOWN, lookupInFrame(name));
        assertEquals(McpMethod.UNKNOWN, McpMethod.lookup(name));
    }
}
