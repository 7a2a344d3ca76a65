package dev.tachyon.api;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** The title, description and icons of a listed item, written as members of its listing. */
final class Presentation {

    private final String title;
    private final String description;
    private final List<Icon> icons;

    Presentation(String title, String description, List<Icon> icons) {
        this.title = title;
        this.description = description;
        this.icons = List.copyOf(icons);
    }

    String description() {
        return description;
    }

    /** Writes {@code ,"title":..,"description":..,"icons":[..]}, leaving out what is not set. */
    void writeMembers(ByteBuf out) {
        Describable.writeOptional(out, "title", title);
        Describable.writeOptional(out, "description", description);
        Describable.writeIcons(out, icons);
    }
}
