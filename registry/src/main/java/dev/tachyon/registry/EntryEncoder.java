package dev.tachyon.registry;

import io.netty.buffer.ByteBuf;

/**
 * Writes one catalog entry as it appears in a list result (exactly one JSON value). Called once
 * per entry and catalog version, while the version's pages are encoded; never on a read.
 */
@FunctionalInterface
public interface EntryEncoder<T> {

    /** Appends {@code entry}'s JSON encoding to {@code out}. */
    void write(ByteBuf out, T entry);
}
