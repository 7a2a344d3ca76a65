package dev.tachyon.server.skills;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The body of a {@code resources/directory/read} result: the children as resources, one page.
 * <pre>
 *   {"resources":[{"uri":"skill://pdf/references","name":"references","mimeType":"inode/directory"},
 *                 {"uri":"skill://pdf/SKILL.md","name":"SKILL.md","mimeType":"text/markdown","size":123}]}
 * </pre>
 */
final class DirectoryJson {

    private DirectoryJson() {
    }

    static void write(ByteBuf out, List<SkillEntry.Child> children) {
        JsonOut.ascii(out, "{\"resources\":[");
        for (int i = 0; i < children.size(); i++) {
            SkillEntry.Child child = children.get(i);
            if (i > 0) {
                out.writeByte(',');
            }
            JsonOut.ascii(out, "{\"uri\":");
            JsonOut.string(out, child.uri());
            JsonOut.ascii(out, ",\"name\":");
            JsonOut.string(out, child.name());
            JsonOut.ascii(out, ",\"mimeType\":");
            JsonOut.string(out, child.mimeType());
            if (!child.directory()) {
                JsonOut.ascii(out, ",\"size\":");
                JsonOut.number(out, child.size());
            }
            out.writeByte('}');
        }
        JsonOut.ascii(out, "]}");
    }
}
