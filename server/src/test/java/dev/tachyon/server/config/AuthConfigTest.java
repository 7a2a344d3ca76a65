package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code tachyon.auth}: off by default, and a weak or malformed setting stops the start naming its key. */
class AuthConfigTest {

    private static TachyonConfig load(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(null, Map.of(), p);
    }

    private static ConfigProblem problem(String... keyValues) {
        TachyonConfigException e = assertThrows(TachyonConfigException.class, () -> load(keyValues));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void offUnlessAResourceIsNamed() {
        assertFalse(ConfigLoader.defaults().auth().configured());
    }

    @Test
    void aConfiguredResourceServerReadsEveryKey() {
        AuthConfig auth = load("tachyon.auth.resource", "https://mcp.example/mcp",
                "tachyon.auth.authorization-servers", "https://login.example/realm",
                "tachyon.auth.tool-scopes", "deploy = ops mcp:write; admin=mcp:admin").auth();
        assertTrue(auth.configured());
        assertEquals(Map.of("deploy", List.of("ops", "mcp:write"), "admin", List.of("mcp:admin")), auth.toolScopes());
        assertEquals("https://mcp.example/mcp", auth.toSettings().resource().toString());
    }

    @Test
    void plainHttpIssuersOnlyOnLoopback() {
        ConfigProblem p = problem("tachyon.auth.resource", "https://mcp.example/mcp",
                "tachyon.auth.authorization-servers", "http://login.example");
        assertEquals("tachyon.auth.authorization-servers", p.key());
        assertTrue(load("tachyon.auth.resource", "https://mcp.example/mcp",
                "tachyon.auth.authorization-servers", "http://127.0.0.1:8080/realm").auth().configured());
    }

    @Test
    void aResourceNeedsAnIssuer() {
        assertEquals("tachyon.auth.authorization-servers", problem("tachyon.auth.resource", "https://mcp.example/mcp").key());
    }

    @Test
    void noneAndHmacAreNeverAccepted() {
        for (String alg : List.of("none", "HS256", "RS256, HS512")) {
            assertEquals("tachyon.auth.algorithms", problem("tachyon.auth.algorithms", alg).key(), alg);
        }
    }

    @Test
    void theClockSkewIsBounded() {
        assertEquals("tachyon.auth.clock-skew", problem("tachyon.auth.resource", "https://mcp.example/mcp",
                "tachyon.auth.authorization-servers", "https://login.example", "tachyon.auth.clock-skew", "1h").key());
    }

    @Test
    void malformedToolScopesAreNamed() {
        assertEquals("tachyon.auth.tool-scopes", problem("tachyon.auth.tool-scopes", "admin").key());
    }
}
