package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonTest {

    @Test
    void multiLineJsonBecomesOneLineWithStringsUntouched() {
        RawJson raw = RawJson.of("{\n  \"type\" : \"object\",\r\n\t\"description\": \"a  b\\n \\\" c\",\n  \"n\": [1, 2 ,3]\n}\n");
        assertEquals("{\"type\":\"object\",\"description\":\"a  b\\n \\\" c\",\"n\":[1,2,3]}", raw.toString());
    }

    @Test
    void compactJsonIsKeptAsIs() {
        String json = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
        assertEquals(json, RawJson.of(json).toString());
    }

    @Test
    void invalidJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("{\"a\":}"));
        assertThrows(IllegalArgumentException.class, () -> RawJson.of("{} {}"));
    }

    @Test
    void stringsWithEscapesAndUnicodeAreWrittenInRunsAndStayValid() {
        String text = "plain ascii, then \"quotes\" \\ backslash \u0001 control, caf\u00e9, \u20ac, \ud83d\ude00 emoji, lone \ud800 end";
        ByteBuf out = Unpooled.buffer();
        try {
            JsonOut.string(out, text);
            String written = out.toString(StandardCharsets.UTF_8);
            assertEquals("\"plain ascii, then \\\"quotes\\\" \\\\ backslash \\u0001 control, caf\u00e9, \u20ac, "
                    + "\ud83d\ude00 emoji, lone \ufffd end\"", written);
            assertEquals(text.replace('\ud800', '\ufffd'), JsonValues.read(out, 0, out.writerIndex()));
        } finally {
            out.release();
        }
    }
}
