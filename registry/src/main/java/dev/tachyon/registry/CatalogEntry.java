package dev.tachyon.registry;

import dev.tachyon.codec.JsonWritable;

/**
 * Something listed in a catalog: a tool, a resource, a template or a prompt.
 *
 * <p>{@link #key()} is unique within its catalog; {@link #writeJson} writes the entry as it
 * appears in a list result, and is called once per catalog version (the pages are pre-encoded).
 */
public interface CatalogEntry extends JsonWritable {

    /** The unique key: a tool or prompt name, a resource URI, a template's URI template. */
    String key();
}
