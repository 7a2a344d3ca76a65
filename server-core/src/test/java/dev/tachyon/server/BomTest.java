package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * tachyon-bom stands alone (an embedder imports nothing of the build with it), so it repeats the
 * Netty and Bouncy Castle versions; they must be the ones the modules were built with.
 */
class BomTest {

    @Test
    void theBomPinsTheNettyAndBouncyCastleTheBuildUses() throws IOException {
        Path root = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        String parent = Files.readString(root.resolve("pom.xml"));
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        for (String property : new String[] {"netty.version", "netty-tcnative.version", "bouncycastle.version", "version"}) {
            assertEquals(property(parent, property), property(bom, property), property);
        }
        assertTrue(bom.contains("<artifactId>tachyon-core</artifactId>"), "the BOM pins the core");
    }

    /** The first {@code <property>} element's text. */
    private static String property(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), property);
        return m.group(1);
    }
}
