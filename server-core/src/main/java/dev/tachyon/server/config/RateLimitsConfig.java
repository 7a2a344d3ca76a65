package dev.tachyon.server.config;

import dev.tachyon.server.ratelimit.RateLimit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tachyon.rate-limits}: per-client token buckets, keyed by principal (by client address
 * when anonymous). Each limit is off at rate 0, the default.
 *
 * @param toolCalls  {@code tools/call} per client, every tool together but those in {@code perTool}
 * @param perTool    a tool's own rate, by tool name, instead of {@code toolCalls} (an off one exempts the tool)
 * @param connections new connections per client address, at accept
 * @param sessions   new Streamable HTTP sessions ({@code initialize}) per client
 * @param maxClients clients each limit tracks at once, {@code >= 1}
 */
public record RateLimitsConfig(RateLimit toolCalls, Map<String, RateLimit> perTool, RateLimit connections,
        RateLimit sessions, int maxClients) {

    /** Every limit off. */
    public static final RateLimitsConfig OFF = new RateLimitsConfig(RateLimit.OFF, Map.of(), RateLimit.OFF, RateLimit.OFF,
            100_000);

    public RateLimitsConfig {
        perTool = Map.copyOf(perTool);
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
        }
    }

    /** A rate of {@code perSecond} and {@code burst}, where a burst of 0 means the rate rounded up, at least 1. */
    public static RateLimit rate(double perSecond, int burst) {
        if (perSecond == 0) {
            return RateLimit.OFF;
        }
        return new RateLimit(perSecond, burst > 0 ? burst : (int) Math.max(1, Math.ceil(perSecond)));
    }

    /**
     * Parses {@code per-tool}: comma-separated {@code name=rate/burst} (or {@code name=rate}, the
     * burst then as in {@link #rate}); null when {@code text} is not that. Empty: no tool has its own.
     */
    public static Map<String, RateLimit> perTool(String text) {
        Map<String, RateLimit> tools = new LinkedHashMap<>();
        if (text.isBlank()) {
            return tools;
        }
        for (String item : text.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = item.substring(0, eq).strip();
            String[] parts = item.substring(eq + 1).strip().split("/", -1);
            try {
                double perSecond = Double.parseDouble(parts[0].strip());
                int burst = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : 0;
                if (name.isEmpty() || parts.length > 2 || !(perSecond >= 0) || Double.isInfinite(perSecond) || burst < 0
                        || tools.put(name, rate(perSecond, burst)) != null) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return tools;
    }
}
