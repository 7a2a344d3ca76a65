package dev.tachyon.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tachyon.api.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A connection's last token answers only for the very same token text and only while it is
 * valid: a token that differs by one character, or the same token one second past its validity,
 * is not recalled (it goes to the cache, or to verification).
 */
class LastTokenTest {

    private static final Principal ALICE = Principal.ofToken("alice", "app", Set.of("mcp"), Map.of());

    @Test
    void recallsTheSameTokenWhileValidOnly() {
        LastToken last = new LastToken();
        assertNull(last.recall("eyJ.a.b", 100), "nothing remembered yet");
        last.remember("eyJ.a.b", ALICE, 160);
        assertEquals(ALICE, last.recall("eyJ.a.b", 160));
        assertNull(last.recall("eyJ.a.c", 100), "another token, however alike");
        assertNull(last.recall("eyJ.a.b", 161), "past its validity");
    }
}
