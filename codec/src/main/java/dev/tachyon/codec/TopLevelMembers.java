package dev.tachyon.codec;

/**
 * Told by {@link JsonValidator} about each member of a top-level object, in wire order: first
 * {@link #name}, then {@link #value}; about the members of an object value it asked for the
 * same way, nested between the two; and about duplicate member names at any depth. Spans are absolute indices into the buffer being
 * validated; the bytes inside them have been validated only as far as the scan got, so a
 * listener must not assume the whole document is valid until validation returns.
 */
interface TopLevelMembers {

    /**
     * A member name: its raw content between the quotes; {@code escaped} when it contains
     * backslash escapes; {@code depth} the object's nesting (1 for the top-level object);
     * {@code key} its first eight bytes (decoded) packed, zero past its decoded {@code length}
     * ({@link MemberNames#lastKey}), so a name of up to eight bytes is compared with a known
     * one ({@link MemberNames#key}) by two number compares.
     *
     * @return whether, when this member's value is an object, its members are to be reported
     *     too (at {@code depth + 1})
     */
    boolean name(FrameBytes in, int depth, int start, int end, boolean escaped, long key, int length);

    /**
     * The value of the member last named, exactly as sent ({@code [start, end)} includes a
     * string's quotes); {@code escaped} is meaningful only for a string and says whether it
     * contains backslash escapes.
     */
    void value(FrameBytes in, int depth, int start, int end, boolean escaped);

    /**
     * A member name occurs a second time in one object: {@code name} decoded, {@code depth}
     * the object's nesting (1 for the top-level object itself). Told while the member named
     * last is still being scanned, so a listener knows which top-level member it is inside.
     */
    void duplicate(String name, int depth);
}
