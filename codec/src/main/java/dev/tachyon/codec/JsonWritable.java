package dev.tachyon.codec;

import io.netty.buffer.ByteBuf;

/** A value that writes itself as exactly one JSON value. */
@FunctionalInterface
public interface JsonWritable {

    /** Appends this value's JSON encoding to {@code out}. */
    void writeJson(ByteBuf out);
}
