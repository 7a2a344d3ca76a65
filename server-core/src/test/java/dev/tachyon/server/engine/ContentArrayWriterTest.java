package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tachyon.api.Content;
import dev.tachyon.api.InlineToolHandler;
import dev.tachyon.api.Tool;
import dev.tachyon.api.ToolResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The result a handler writes, byte for byte, for every order of items, structured content and
 * the error mark (the writer joins constant pieces that meet, so each seam is checked), into a
 * pooled direct buffer (written by address) and a heap one.
 */
class ContentArrayWriterTest {

    private static final String IMAGE = "{\"type\":\"image\",\"data\":\"AA==\",\"mimeType\":\"image/png\"}";

    @Test
    void writesEveryShapeOfResult() {
        check("{\"content\":[]}", result -> { });
        check("{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}", result -> result.text("a"));
        check("{\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}",
                result -> result.text("a").text("b"));
        check("{\"content\":[" + IMAGE + ",{\"type\":\"text\",\"text\":\"a\"}]}",
                result -> result.content(Content.image("AA==", "image/png")).text("a"));
        check("{\"content\":[{\"type\":\"text\",\"text\":\"a\"}," + IMAGE + "]}",
                result -> result.text("a").content(Content.image("AA==", "image/png")));
        check("{\"content\":[{\"type\":\"text\",\"text\":\"3\"}],\"structuredContent\":{\"sum\":3}}",
                result -> result.text("3").structured(Map.of("sum", 3)));
        check("{\"content\":[{\"type\":\"text\",\"text\":\"no\"}],\"isError\":true}", result -> result.text("no").error());
        check("{\"content\":[],\"structuredContent\":{\"sum\":3},\"isError\":true}",
                result -> result.error().structured(Map.of("sum", 3)));
        check("{\"content\":[" + IMAGE + "],\"isError\":true}",
                result -> result.content(Content.image("AA==", "image/png")).error());
    }

    @Test
    void writesAFinishedResultTheSameWay() {
        ContentArrayWriter writer = new ContentArrayWriter();
        for (ByteBuf out : new ByteBuf[] {PooledByteBufAllocator.DEFAULT.directBuffer(4), Unpooled.buffer(4)}) {
            try {
                writer.write(out, ToolResult.of(Content.text("a"), Content.text("b")));
                assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}",
                        out.toString(StandardCharsets.UTF_8));
                out.clear();
                writer.write(out, ToolResult.error("bad"));
                assertEquals("{\"content\":[{\"type\":\"text\",\"text\":\"bad\"}],\"isError\":true}",
                        out.toString(StandardCharsets.UTF_8));
            } finally {
                out.release();
            }
        }
    }

    private static void check(String expected, Consumer<dev.tachyon.api.ToolResultWriter> handler) {
        InlineToolHandler inline = (call, result) -> handler.accept(result);
        Tool tool = Tool.builder("t").inline(inline).build();
        ContentArrayWriter writer = new ContentArrayWriter();
        for (ByteBuf out : new ByteBuf[] {PooledByteBufAllocator.DEFAULT.directBuffer(4), Unpooled.buffer(4)}) {
            try {
                out.writeByte('<');
                writer.prepare(tool, null).writeJson(out);
                out.writeByte('>');
                assertEquals("<" + expected + ">", out.toString(StandardCharsets.UTF_8), out.toString());
            } finally {
                out.release();
            }
        }
    }
}
