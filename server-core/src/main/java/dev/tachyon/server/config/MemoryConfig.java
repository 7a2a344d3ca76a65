package dev.tachyon.server.config;

/**
 * {@code tachyon.memory}: the memory watermarks, in percent of the maximum, increasing.
 *
 * @param warnPercent              log a warning from here, 1..100
 * @param rejectPercent            refuse new requests from here, {@code >= warnPercent}
 * @param refuseConnectionsPercent refuse new connections from here, {@code >= rejectPercent}
 * @param recheckInterval          while refusing, the longest the heap figure may go without a
 *                                 collection before the server asks for one, positive
 */
public record MemoryConfig(int warnPercent, int rejectPercent, int refuseConnectionsPercent,
                           java.time.Duration recheckInterval) {
}
