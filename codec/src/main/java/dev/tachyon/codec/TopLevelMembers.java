package dev.tachyon.codec;

/**
 * Told by {@link JsonValidator} about each member of a top-level object, in wire order: first
 * {@link #name}, then {@link #value}. Spans are absolute indices into the buffer being
 * validated; the bytes inside them have been validated only as far as the scan got, so a
 * listener must not assume the whole document is valid until validation returns.
 */
interface TopLevelMembers {

    /** A member name: its raw content between the quotes; {@code escaped} when it contains backslash escapes. */
    void name(FrameBytes in, int start, int end, boolean escaped);

    /**
     * The value of the member last named, exactly as sent ({@code [start, end)} includes a
     * string's quotes); {@code escaped} is meaningful only for a string and says whether it
     * contains backslash escapes.
     */
    void value(FrameBytes in, int start, int end, boolean escaped);
}
