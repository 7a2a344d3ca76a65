package dev.tachyon.api;

import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Writing of the members tools, resources, templates and prompts share: title, description, icons, _meta. */
final class Describable {

    private Describable() {
    }

    static void writeOptional(ByteBuf out, String member, String value) {
        if (value != null) {
            out.writeByte(',');
            JsonOut.string(out, member);
            out.writeByte(':');
            JsonOut.string(out, value);
        }
    }

    static void writeOptionalValue(ByteBuf out, String member, Object value) {
        if (value != null) {
            out.writeByte(',');
            JsonOut.string(out, member);
            out.writeByte(':');
            JsonOut.value(out, value);
        }
    }

    static void writeIcons(ByteBuf out, List<Icon> icons) {
        if (!icons.isEmpty()) {
            JsonOut.ascii(out, ",\"icons\":");
            JsonOut.value(out, icons);
        }
    }

    static String requireText(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
