package dev.tachyon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    /** An entry that knows nothing of the catalog: its key and encoding are the catalog's functions. */
    private static final class Item {
        private final String name;
        private final String value;

        Item(String name, String value) {
            this.name = name;
            this.value = value;
        }

        String key() {
            return name;
        }

        void writeJson(ByteBuf out) {
            JsonOut.ascii(out, "{\"name\":");
            JsonOut.string(out, name);
            JsonOut.ascii(out, ",\"v\":");
            JsonOut.string(out, value);
            out.writeByte('}');
        }
    }

    private static Catalog<Item> items(int pageSize) {
        return new Catalog<>("items", pageSize, Item::key, (out, item) -> item.writeJson(out));
    }

    private static String page(CatalogSnapshot<Item> snapshot, int index) {
        return new String(snapshot.page(index), StandardCharsets.UTF_8);
    }

    @Test
    void pagesArePreEncodedWithCursorsToTheNextPage() {
        Catalog<Item> catalog = items(2);
        catalog.putAll(List.of(new Item("a", "1"), new Item("b", "2"), new Item("c", "3")));
        CatalogSnapshot<Item> snapshot = catalog.snapshot();
        assertEquals(2, snapshot.pageCount());
        String cursor = CatalogSnapshot.encodeCursor(2);
        assertEquals("{\"items\":[{\"name\":\"a\",\"v\":\"1\"},{\"name\":\"b\",\"v\":\"2\"}],\"nextCursor\":\"" + cursor + "\"",
                page(snapshot, 0));
        assertEquals(1, snapshot.pageIndex(cursor));
        assertEquals("{\"items\":[{\"name\":\"c\",\"v\":\"3\"}]", page(snapshot, 1));
    }

    @Test
    void cursorsThatNameNoPageAreInvalid() {
        Catalog<Item> catalog = items(2);
        catalog.putAll(List.of(new Item("a", "1"), new Item("b", "2"), new Item("c", "3")));
        CatalogSnapshot<Item> snapshot = catalog.snapshot();
        assertEquals(0, snapshot.pageIndex(null));
        for (String bad : List.of("", "!!", "dGFjaHlvbjox", CatalogSnapshot.encodeCursor(4), CatalogSnapshot.encodeCursor(0),
                CatalogSnapshot.encodeCursor(-2), "dGFjaHlvbjp4")) {
            assertEquals(-1, snapshot.pageIndex(bad), bad);
        }
        assertEquals("{\"items\":[]", page(items(2).snapshot(), 0), "an empty catalog has one empty page");
    }

    @Test
    void changesPublishANewVersionAndTellListenersOncePerChange() {
        Catalog<Item> catalog = items(10);
        List<Long> versions = new ArrayList<>();
        catalog.onChange(s -> versions.add(s.version()));
        catalog.put(new Item("a", "1"));
        catalog.put(new Item("a", "2"));
        catalog.putAll(List.of(new Item("b", "1"), new Item("c", "1")));
        assertTrue(catalog.remove("b"));
        assertFalse(catalog.remove("b"));
        assertEquals(List.of(1L, 2L, 3L, 4L), versions);
        CatalogSnapshot<Item> snapshot = catalog.snapshot();
        assertEquals("2", snapshot.get("a").value, "replaced in place");
        assertNull(snapshot.get("b"));
        assertEquals(List.of("a", "c"), snapshot.entries().stream().map(Item::key).collect(java.util.stream.Collectors.toList()));
    }
}
