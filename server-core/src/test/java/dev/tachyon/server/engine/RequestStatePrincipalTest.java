package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tachyon.api.McpException;
import dev.tachyon.api.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestState} is bound to the principal it was sealed for: any other principal (another
 * token subject, the same subject through another OAuth client, a certificate with the same
 * name, anonymous) gets the error tampered state gets; the principal is told apart by source,
 * subject and client id as {@link Principal#equals} does, whatever the scopes.
 */
class RequestStatePrincipalTest {

    private static final RequestState STATES = new RequestState(
            "request-state-key-0123456789-0123456789".getBytes(StandardCharsets.UTF_8), null, Duration.ofMinutes(1),
            Clock.systemUTC());
    private static final String METHOD = "tools/call";
    private static final Map<String, Object> PARAMS = Map.of("name", "t", "arguments", Map.of("x", 1));

    private static Principal token(String subject, String client, String... scopes) {
        return Principal.ofToken(subject, client, Set.of(scopes), Map.of());
    }

    @Test
    void stateOpensForThePrincipalItWasSealedForWhateverItsScopes() {
        String sealed = STATES.seal(METHOD, PARAMS, token("ada", "app", "read"), "s1");
        assertEquals("s1", STATES.open(METHOD, PARAMS, token("ada", "app", "read", "write"), sealed));
        String anonymous = STATES.seal(METHOD, PARAMS, Principal.anonymous(), "s2");
        assertEquals("s2", STATES.open(METHOD, PARAMS, Principal.anonymous(), anonymous));
        String certified = STATES.seal(METHOD, PARAMS, Principal.ofCertificate("CN=ada"), "s3");
        assertEquals("s3", STATES.open(METHOD, PARAMS, Principal.ofCertificate("CN=ada"), certified));
    }

    @Test
    void anyOtherPrincipalGetsTheErrorOfTamperedState() {
        Principal owner = token("ada", "app");
        String sealed = STATES.seal(METHOD, PARAMS, owner, "secret-ish");
        String tampered = sealed.substring(0, 3) + (sealed.charAt(3) == 'A' ? 'B' : 'A') + sealed.substring(4);
        String expected = refusal(owner, tampered);
        assertEquals("Invalid requestState: its integrity check failed", expected);
        for (Principal other : List.of(token("bob", "app"), token("ada", "other-app"), token("ada", null),
                Principal.ofCertificate("ada"), Principal.anonymous())) {
            assertEquals(expected, refusal(other, sealed), other.toString());
        }
        String anonymous = STATES.seal(METHOD, PARAMS, Principal.anonymous(), "s");
        assertEquals(expected, refusal(owner, anonymous));
    }

    @Test
    void theIdentityCannotBeShiftedBetweenSubjectAndClient() {
        assertFalse(Arrays.equals(RequestState.identity(token("ab", "c")), RequestState.identity(token("a", "bc"))));
        String sealed = STATES.seal(METHOD, PARAMS, token("ab", "c"), "s");
        assertEquals("Invalid requestState: its integrity check failed", refusal(token("a", "bc"), sealed));
        assertEquals("Invalid requestState: its integrity check failed", refusal(token("abc", null), sealed));
    }

    private static String refusal(Principal principal, String sealed) {
        McpException refused = assertThrows(McpException.class, () -> STATES.open(METHOD, PARAMS, principal, sealed));
        assertEquals(-32602, refused.code());
        return refused.getMessage();
    }
}
