package dev.tachyon.server.engine;

import dev.tachyon.api.Annotations;
import dev.tachyon.api.Content;
import dev.tachyon.api.Icon;
import dev.tachyon.api.ListedItem;
import dev.tachyon.api.Prompt;
import dev.tachyon.api.PromptArgument;
import dev.tachyon.api.PromptMessage;
import dev.tachyon.api.PromptResult;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.ResourceLink;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.api.ToolAnnotations;
import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The wire encoding of the user's model types (MCP 2025-11-25 shapes), read from their public
 * accessors: the model knows no buffer, the engine knows how it goes on the wire. Optional
 * members that are not set are left out; member order is fixed (tests pin the bytes).
 * Tools are written by {@link ToolEntry}, which keeps its schema's bytes.
 */
final class ModelJson {

    private ModelJson() {
    }

    /** {@code {"src":..,"mimeType":..,"sizes":[..]}}. */
    static void icon(ByteBuf out, Icon icon) {
        JsonOut.ascii(out, "{\"src\":");
        JsonOut.string(out, icon.src());
        optionalString(out, "mimeType", icon.mimeType());
        if (icon.sizes() != null) {
            JsonOut.ascii(out, ",\"sizes\":");
            JsonOut.value(out, icon.sizes());
        }
        out.writeByte('}');
    }

    /** {@code {"audience":[..],"priority":..,"lastModified":..}}, only the members set. */
    static void annotations(ByteBuf out, Annotations annotations) {
        out.writeByte('{');
        boolean first = true;
        if (annotations.audience() != null) {
            JsonOut.ascii(out, "\"audience\":");
            JsonOut.value(out, annotations.audience());
            first = false;
        }
        if (annotations.priority() != null) {
            JsonOut.ascii(out, first ? "\"priority\":" : ",\"priority\":");
            JsonOut.value(out, annotations.priority());
            first = false;
        }
        if (annotations.lastModified() != null) {
            JsonOut.ascii(out, first ? "\"lastModified\":" : ",\"lastModified\":");
            JsonOut.string(out, annotations.lastModified());
        }
        out.writeByte('}');
    }

    /** The hints as an object, in the order they were set. */
    static void toolAnnotations(ByteBuf out, ToolAnnotations annotations) {
        JsonOut.value(out, annotations.asMap());
    }

    /** {@code {"uri":..,"mimeType":..,"text":..}} or with {@code "blob"}. */
    static void resourceContents(ByteBuf out, ResourceContents contents) {
        JsonOut.ascii(out, "{\"uri\":");
        JsonOut.string(out, contents.uri());
        optionalString(out, "mimeType", contents.mimeType());
        if (contents.text() != null) {
            JsonOut.ascii(out, ",\"text\":");
            JsonOut.string(out, contents.text());
        } else {
            JsonOut.ascii(out, ",\"blob\":");
            JsonOut.string(out, contents.blob());
        }
        out.writeByte('}');
    }

    /** One content item, of any type. */
    static void content(ByteBuf out, Content item) {
        ResourceLink link = item.link();
        if (link != null) {
            JsonOut.ascii(out, "{\"type\":\"resource_link\",\"uri\":");
            JsonOut.string(out, link.uri());
            JsonOut.ascii(out, ",\"name\":");
            JsonOut.string(out, link.name());
            optionalString(out, "description", link.description());
            optionalString(out, "mimeType", link.mimeType());
        } else {
            JsonOut.ascii(out, "{\"type\":");
            JsonOut.string(out, item.type());
            optionalString(out, "text", item.text());
            if (item.data() != null) {
                JsonOut.ascii(out, ",\"data\":");
                JsonOut.string(out, item.data());
                JsonOut.ascii(out, ",\"mimeType\":");
                JsonOut.string(out, item.mimeType());
            }
            if (item.resource() != null) {
                JsonOut.ascii(out, ",\"resource\":");
                resourceContents(out, item.resource());
            }
        }
        if (item.annotations() != null) {
            JsonOut.ascii(out, ",\"annotations\":");
            annotations(out, item.annotations());
        }
        out.writeByte('}');
    }

    /** {@code {"name":..,"description":..,"required":..}}. */
    static void promptArgument(ByteBuf out, PromptArgument argument) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, argument.name());
        optionalString(out, "description", argument.description());
        JsonOut.ascii(out, argument.required() ? ",\"required\":true}" : ",\"required\":false}");
    }

    /** {@code {"role":..,"content":{..}}}. */
    static void promptMessage(ByteBuf out, PromptMessage message) {
        JsonOut.ascii(out, "{\"role\":");
        JsonOut.string(out, message.role());
        JsonOut.ascii(out, ",\"content\":");
        content(out, message.content());
        out.writeByte('}');
    }

    /** The members of a {@code prompts/get} result, without braces: {@code "description":..,"messages":[..]}. */
    static void promptResultMembers(ByteBuf out, PromptResult result) {
        if (result.description() != null) {
            JsonOut.ascii(out, "\"description\":");
            JsonOut.string(out, result.description());
            out.writeByte(',');
        }
        JsonOut.ascii(out, "\"messages\":");
        array(out, result.messages(), ModelJson::promptMessage);
    }

    /** A resource as listed. */
    static void resource(ByteBuf out, Resource resource) {
        JsonOut.ascii(out, "{\"uri\":");
        JsonOut.string(out, resource.uri());
        JsonOut.ascii(out, ",\"name\":");
        JsonOut.string(out, resource.name());
        presentation(out, resource);
        optionalString(out, "mimeType", resource.mimeType());
        if (resource.size() != null) {
            JsonOut.ascii(out, ",\"size\":");
            JsonOut.number(out, resource.size());
        }
        optionalAnnotations(out, resource.annotations());
        out.writeByte('}');
    }

    /** A resource template as listed. */
    static void template(ByteBuf out, ResourceTemplate template) {
        JsonOut.ascii(out, "{\"uriTemplate\":");
        JsonOut.string(out, template.uriTemplate().template());
        JsonOut.ascii(out, ",\"name\":");
        JsonOut.string(out, template.name());
        presentation(out, template);
        optionalString(out, "mimeType", template.mimeType());
        optionalAnnotations(out, template.annotations());
        out.writeByte('}');
    }

    /** A prompt as listed. */
    static void prompt(ByteBuf out, Prompt prompt) {
        JsonOut.ascii(out, "{\"name\":");
        JsonOut.string(out, prompt.name());
        presentation(out, prompt);
        if (!prompt.arguments().isEmpty()) {
            JsonOut.ascii(out, ",\"arguments\":");
            array(out, prompt.arguments(), ModelJson::promptArgument);
        }
        out.writeByte('}');
    }

    /** {@code ,"title":..,"description":..,"icons":[..]}, leaving out what is not set. */
    static void presentation(ByteBuf out, ListedItem item) {
        optionalString(out, "title", item.title());
        optionalString(out, "description", item.description());
        if (!item.icons().isEmpty()) {
            JsonOut.ascii(out, ",\"icons\":");
            array(out, item.icons(), ModelJson::icon);
        }
    }

    /** {@code [item,item...]}, each written by {@code writer}. */
    static <T> void array(ByteBuf out, List<T> items, BiConsumer<ByteBuf, T> writer) {
        out.writeByte('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            writer.accept(out, items.get(i));
        }
        out.writeByte(']');
    }

    private static void optionalAnnotations(ByteBuf out, Annotations annotations) {
        if (annotations != null) {
            JsonOut.ascii(out, ",\"annotations\":");
            annotations(out, annotations);
        }
    }

    /** {@code ,"member":"value"} when the value is set. */
    static void optionalString(ByteBuf out, String member, String value) {
        if (value != null) {
            out.writeByte(',');
            JsonOut.string(out, member);
            out.writeByte(':');
            JsonOut.string(out, value);
        }
    }
}
