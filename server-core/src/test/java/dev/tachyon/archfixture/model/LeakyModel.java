package dev.tachyon.archfixture.model;

import io.netty.buffer.ByteBuf;

/** A model type that shows a Netty type in its public signature: the rule for the model package must report it. */
public final class LeakyModel {

    private LeakyModel() {
    }

    /** The kind of plumbing the user's model must not carry. */
    public static void writeJson(ByteBuf out) {
        out.writeByte('{');
    }
}
