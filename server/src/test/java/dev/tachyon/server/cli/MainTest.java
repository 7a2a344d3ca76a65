package dev.tachyon.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.MacAddressUtil;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Main#run} with the real environment; only paths that do not depend on it. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionSucceed() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("config check FILE"));
        assertEquals(0, run("--version"));
    }

    @Test
    void usageErrorsExit2BeforeServing() {
        assertEquals(2, run("serve", "--fixture", "nope"));
        assertEquals(2, run("serve", "--tcp", "nope"));
        assertEquals(2, run("nope"));
    }

    @Test
    void theStdioMachineIdIsOneNettyTakes() {
        // Netty only warns about and ignores an id it cannot parse, and then walks the interfaces after all.
        String id = Main.randomMachineId();
        assertEquals(8, MacAddressUtil.parseMAC(id).length, id);
        assertNotEquals(id, Main.randomMachineId());
    }
}
