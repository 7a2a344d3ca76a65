package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packed names answer what a compare byte by byte answers, for every length, position and kind of buffer. */
class JsonNamesTest {

    private static final String[] WANTED = {
        "", "a", "id", "name", "_meta", "method", "jsonrpc", "progress", "arguments",
        "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
    };

    @Test
    void findsWhatTheByteCompareFinds() {
        JsonNames names = JsonNames.of(WANTED);
        Random random = new Random(0x7AC5);
        for (int round = 0; round < 20_000; round++) {
            String name = candidate(random);
            int before = random.nextInt(12); // from the buffer's first byte on: the short names' backward read
            byte[] bytes = (" ".repeat(before) + name + "\":1}").getBytes(StandardCharsets.US_ASCII);
            for (ByteBuf buf : buffers(bytes)) {
                try {
                    FrameBytes in = new FrameBytes().wrap(buf);
                    int expected = WANTED.length;
                    for (int k = 0; k < WANTED.length && expected == WANTED.length; k++) {
                        if (JsonLexer.plainEquals(in, before, before + name.length(), WANTED[k])) {
                            expected = k;
                        }
                    }
                    assertEquals(expected, names.indexOf(in, before, before + name.length()), name + " at " + before);
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void refusesNamesAFrameHoldsOnlyEscaped() {
        assertThrows(IllegalArgumentException.class, () -> JsonNames.of("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> JsonNames.of("tab\t"));
        assertThrows(IllegalArgumentException.class, () -> JsonNames.of("\u00e9"));
    }

    /** A wanted name, one with a byte changed, cut or lengthened, or another. */
    private static String candidate(Random random) {
        String name = WANTED[random.nextInt(WANTED.length)];
        switch (random.nextInt(4)) {
            case 0:
                return name;
            case 1:
                if (name.isEmpty()) {
                    return "x";
                }
                char[] chars = name.toCharArray();
                chars[random.nextInt(chars.length)] ^= 1 << random.nextInt(7);
                return new String(chars).replace('"', 'q').replace('\\', 'b');
            case 2:
                return name.substring(0, random.nextInt(name.length() + 1));
            default:
                return name + (char) ('a' + random.nextInt(26));
        }
    }

    private static ByteBuf[] buffers(byte[] bytes) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        int cut = bytes.length / 2;
        composite.addComponents(true, Unpooled.wrappedBuffer(bytes, 0, cut),
                Unpooled.directBuffer().writeBytes(bytes, cut, bytes.length - cut));
        return new ByteBuf[] {
            Unpooled.wrappedBuffer(bytes.clone()),
            Unpooled.directBuffer(bytes.length).writeBytes(bytes),
            composite,
        };
    }
}
