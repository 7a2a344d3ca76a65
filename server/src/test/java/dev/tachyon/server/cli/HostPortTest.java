package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesNamesIpv4AndBracketedIpv6() throws UsageException {
        assertEquals(new HostPort("127.0.0.1", 7800), HostPort.parse("--tcp", "127.0.0.1:7800"));
        assertEquals(new HostPort("localhost", 1), HostPort.parse("--tcp", "localhost:1"));
        assertEquals(new HostPort("::1", 65535), HostPort.parse("--tcp", "[::1]:65535"));
        assertEquals("[::1]:65535", new HostPort("::1", 65535).toString());
        assertEquals("0.0.0.0:80", new HostPort("0.0.0.0", 80).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", ":7800", "host:", "host:0", "host:65536", "host:+80", "host:8o",
        "::1:7800", "[::1]7800", "[::1", "my host:80", "host:123456"})
    void rejectsWithTheFlagAndTheText(String text) {
        UsageException e = assertThrows(UsageException.class, () -> HostPort.parse("--http", text));
        assertTrue(e.getMessage().startsWith("--http expects HOST:PORT, such as 127.0.0.1:7800, but got '" + text + "': "),
                e.getMessage());
        assertFalse(e.showUsage());
    }
}
