package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.ratelimit.RateLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code tachyon.rate-limits}: off by default, burst 0 is the rate, per-tool rates parsed, bad values named. */
class RateLimitsConfigTest {

    @Test
    void everyLimitIsOffByDefault() {
        RateLimitsConfig limits = ConfigLoader.defaults().rateLimits();
        assertFalse(limits.toolCalls().on());
        assertFalse(limits.connections().on());
        assertFalse(limits.sessions().on());
        assertTrue(limits.perTool().isEmpty());
        assertEquals(100_000, limits.maxClients());
    }

    @Test
    void aLoadedConfigurationReadsRatesBurstsAndPerToolRates() {
        TachyonConfig config = ConfigLoader.load(null, Map.of(), ConfigTesting.properties(
                "tachyon.rate-limits.tool-calls.rate", "2.5",
                "tachyon.rate-limits.tool-calls.per-tool", "search=5/10, fetch=0.5, free=0",
                "tachyon.rate-limits.sessions.rate", "3", "tachyon.rate-limits.sessions.burst", "7"));
        RateLimitsConfig limits = config.rateLimits();
        assertEquals(new RateLimit(2.5, 3), limits.toolCalls(), "burst 0: the rate rounded up");
        assertEquals(Map.of("search", new RateLimit(5, 10), "fetch", new RateLimit(0.5, 1), "free", RateLimit.OFF),
                limits.perTool());
        assertEquals(new RateLimit(3, 7), limits.sessions());
    }

    @Test
    void perToolTextThatIsNotToolEqualsRateIsRefused() {
        for (String bad : new String[] {"search", "=5", "search=x", "search=5/x", "search=5/1/2", "search=-1", "a=1, a=2"}) {
            assertNull(RateLimitsConfig.perTool(bad), bad);
        }
        List<ConfigProblem> problems = ConfigTesting.problems(null, Map.of(), ConfigTesting.properties(
                "tachyon.rate-limits.tool-calls.per-tool", "search=fast",
                "tachyon.rate-limits.connections.rate", "-1"));
        assertEquals(List.of("tachyon.rate-limits.connections.rate", "tachyon.rate-limits.tool-calls.per-tool"),
                problems.stream().map(ConfigProblem::key).sorted().toList());
    }
}
