package dev.tachyon.codec;

/**
 * The members of one object, as {@link JsonValidator} passed them while it validated the frame:
 * each name's span (quotes excluded) and value's span (a string's quotes included), and whether
 * each value is a string without backslash escapes. What lets {@link JsonMembers#find} answer
 * for a request's {@code params}, and then for its {@code arguments}, without walking them again.
 *
 * <p>Only unescaped names are kept, and at most {@value #MAX} members: an object with an
 * escaped name or more members is not recorded ({@link #count} -1), and the finds walk it as
 * before, so their answer never depends on the record. Owned by a {@link JsonRpcEnvelope},
 * filled by its scan, confined to its thread and never copied.
 */
final class MemberRecord {

    /** The most members recorded; as many as {@link JsonMembers} records of an inner object. */
    static final int MAX = 32;

    final long[] names = new long[MAX];
    final long[] values = new long[MAX];
    /** Bit m: member m's value is a string without backslash escapes. */
    long plainValues;
    /** How many members are recorded; -1 when the object is not (absent, escaped name, too many). */
    int count = -1;
    /** The recorded object's {@code [start, end)}, its braces included; set when its value ends. */
    int objectStart = -1;
    int objectEnd = -1;

    /** Starts recording an object whose members come next. */
    void begin() {
        count = 0;
        plainValues = 0;
        objectStart = objectEnd = -1;
    }

    /** Drops the record: the finds walk the object. */
    void clear() {
        count = -1;
        objectStart = objectEnd = -1;
    }

    /** The next member's name; an escaped name, or one past {@link #MAX}, drops the record. */
    void name(int start, int end, boolean escaped) {
        if (count < 0) {
            return;
        }
        if (escaped || count == MAX) {
            clear();
            return;
        }
        names[count] = span(start, end);
    }

    /** The value of the member named last. */
    void value(int start, int end, boolean plainString) {
        if (count < 0) {
            return;
        }
        values[count] = span(start, end);
        if (plainString) {
            plainValues |= 1L << count;
        }
        count++;
    }

    /** The object's span once its last member is in; a value that is not an object drops the record. */
    void object(FrameBytes in, int start, int end) {
        if (count < 0 || in.get(start) != '{') {
            clear();
            return;
        }
        objectStart = start;
        objectEnd = end;
    }

    /** Whether the object {@code [start, end)} is the one recorded, complete. */
    boolean holds(int start, int end) {
        return count >= 0 && objectStart == start && objectEnd == end;
    }

    static long span(int start, int end) {
        return ((long) start << 32) | end;
    }
}
