package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine keeps what a tool needs at call time (compiled schema, mirrored parameters) beside the user's Tool. */
class ToolCatalogTest {

    private static final String REGION_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},\"n\":{\"type\":\"integer\"}},"
            + "\"required\":[\"region\"]}";

    private static Tool tool(String name, String schema) {
        Tool.Builder builder = Tool.builder(name).inline((call, result) -> result.text("x"));
        return (schema == null ? builder : builder.inputSchema(schema)).build();
    }

    @Test
    void compilesTheSchemaAndReadsTheMirroredParametersWhenAToolIsRegistered() {
        ToolCatalog catalog = new ToolCatalog(10);
        catalog.put(tool("run", REGION_SCHEMA));
        ToolEntry entry = catalog.snapshot().get("run");
        assertEquals(Map.of("region", "Region"), entry.mirroredParameters());
        assertFalse(entry.argumentsSchema().acceptsEverything());
        assertEquals("required", entry.argumentsSchema().validate(Map.of("n", 1L)).get(0).keyword());
        assertTrue(entry.argumentsSchema().validate(Map.of("region", "eu")).isEmpty());
    }

    @Test
    void aToolWithoutASchemaAcceptsEveryObjectAndMirrorsNothing() {
        ToolCatalog catalog = new ToolCatalog(10);
        catalog.putAll(List.of(tool("free", null)));
        ToolEntry entry = catalog.snapshot().get("free");
        assertTrue(entry.argumentsSchema().acceptsEverything());
        assertEquals(Map.of(), entry.mirroredParameters());
    }

    @Test
    void theSameToolRegisteredAgainKeepsItsEntryAndANewOneReplacesIt() {
        ToolCatalog catalog = new ToolCatalog(10);
        Tool first = tool("run", REGION_SCHEMA);
        catalog.put(first);
        ToolEntry entry = catalog.snapshot().get("run");
        long version = catalog.snapshot().version();
        catalog.put(first);
        assertSame(entry, catalog.snapshot().get("run"), "nothing compiled again");
        assertEquals(version + 1, catalog.snapshot().version(), "still a change: listeners hear of it");
        Tool second = tool("run", null);
        catalog.put(second);
        assertNotSame(entry, catalog.snapshot().get("run"));
        assertSame(second, catalog.snapshot().get("run").tool());
        assertTrue(catalog.remove("run"));
        assertFalse(catalog.remove("run"));
    }
}
