package dev.tachyon.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one {@code tchar} table against RFC 9110's definition, for bytes and for names. */
class HttpTokenTest {

    /** RFC 9110 5.6.2, written out the other way: ALPHA / DIGIT and the fifteen symbols. */
    private static boolean specTchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    @Test
    void everyByteIsClassedAsTheSpecificationSays() {
        for (int c = 0; c < 256; c++) {
            assertEquals(specTchar(c), HttpToken.isTchar(c), "byte 0x" + Integer.toHexString(c));
            assertEquals(specTchar(c), HttpToken.isTchar((byte) c), "signed byte 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void namesAreTokensOnlyWhenNotEmptyAndEveryCharacterIsATchar() {
        assertTrue(HttpToken.isToken("Mcp-Param-Region"));
        assertTrue(HttpToken.isToken("x!#$%&'*+-.^_`|~9"));
        assertFalse(HttpToken.isToken(""));
        for (String bad : new String[] {"a b", "a:b", "a\"b", "a(b", "a,b", "a/b", "a\u0000b", "a\rb", "a\u007fb",
                "caf\u00e9", "a\u0141b", "\u0100"}) {
            assertFalse(HttpToken.isToken(bad), bad);
        }
    }
}
