package dev.tachyon.server.hostile;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The hostile-client suite's class extension: runs the class with Netty's leak detector at
 * SIMPLE instead of the build's PARANOID.
 *
 * <p>Why: these tests measure a well-behaved client's latency while an attack runs, and
 * PARANOID records a stack trace on every buffer access (some 20x the access's cost), which is
 * not the server a client meets. Leaks are still sampled at SIMPLE, and each test checks in
 * bulk that memory returns to its baseline ({@link MemoryBaseline}).
 *
 * <p>The whole suite alone:
 * {@code bin/test -pl server-core -am -Dtest='Hostile*' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 */
public final class HostileSuite implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HostileSuite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("level", ResourceLeakDetector.getLevel());
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ResourceLeakDetector.Level level = context.getStore(NAMESPACE).get("level", ResourceLeakDetector.Level.class);
        if (level != null) {
            ResourceLeakDetector.setLevel(level);
        }
    }
}
