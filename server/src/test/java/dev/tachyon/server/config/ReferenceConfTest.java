package dev.tachyon.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in defaults are the documentation of last resort; they must stay documented and mappable. */
class ReferenceConfTest {

    @Test
    void everyKeyHasACommentSayingItsDefault() {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf")
                .withOnlyPath("tachyon");
        List<String> undocumented = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            String comment = String.join(" ", entry.getValue().origin().comments());
            if (!comment.contains("Default")) {
                undocumented.add(entry.getKey());
            }
        }
        assertTrue(undocumented.isEmpty(), () -> "keys without a 'Default ...' comment: " + undocumented);
        assertEquals(reference.entrySet().size(), ConfigLoader.knownKeys().size());
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        Set<String> variables = new HashSet<>();
        for (String key : ConfigLoader.knownKeys()) {
            String variable = ConfigLoader.environmentVariableFor(key);
            assertTrue(variable.matches("TACHYON_[A-Z0-9_]+"), variable);
            assertTrue(variables.add(variable), () -> "two keys share " + variable);
        }
    }

    @Test
    void ambiguousKeysAreRefused() {
        assertThrows(IllegalStateException.class,
                () -> EnvironmentNames.forKeys(List.of("tachyon.a.b-c", "tachyon.a.b.c")));
    }
}
