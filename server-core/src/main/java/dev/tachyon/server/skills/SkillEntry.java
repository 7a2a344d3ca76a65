package dev.tachyon.server.skills;

import dev.tachyon.api.Dispatch;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceContents;
import dev.tachyon.api.Skill;
import dev.tachyon.codec.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One skill as the extension serves it: its entry (the {@code skills/list} item, encoded once),
 * a resource per file, and its directories with their direct children.
 *
 * <pre>
 *   {"uri":"skill://pdf-processing/SKILL.md",
 *    "frontmatter":{"name":"pdf-processing","description":"..."},
 *    "resources":[{"uri":"skill://pdf-processing/SKILL.md","digest":"sha256:&lt;64 hex&gt;","size":123}, ...]}
 * </pre>
 */
final class SkillEntry {

    static final String SCHEME = "skill://";
    static final String DIRECTORY_MIME = "inode/directory";

    /** The Agent Skills naming rules: 1-64 of [a-z0-9-], no leading, trailing or doubled hyphen. */
    private static final Pattern NAME = Pattern.compile("^(?!.*--)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$");

    /** A file or directory directly inside a directory. */
    record Child(String uri, String name, String mimeType, long size, boolean directory) {
    }

    private final String uri;
    private final byte[] json;
    private final long bytes;
    private final List<Resource> resources;
    private final Map<String, List<Child>> directories;

    private SkillEntry(String uri, byte[] json, long bytes, List<Resource> resources,
            Map<String, List<Child>> directories) {
        this.uri = uri;
        this.json = json;
        this.bytes = bytes;
        this.resources = resources;
        this.directories = directories;
    }

    /**
     * Checks {@code skill} and builds its entry.
     *
     * @throws IllegalArgumentException naming the skill and the file at fault
     */
    static SkillEntry of(Skill skill) {
        String name = skill.name();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("skill '" + name + "': the name must be 1-64 lowercase letters, digits"
                    + " and single hyphens, not starting or ending with a hyphen");
        }
        Map<String, byte[]> files = skill.files();
        byte[] manifest = files.get(Skill.MANIFEST);
        if (manifest == null) {
            throw new IllegalArgumentException("skill '" + name + "' has no " + Skill.MANIFEST + " at its root");
        }
        if (files.size() > SkillSet.MAX_FILES_PER_SKILL) {
            throw new IllegalArgumentException("skill '" + name + "' has " + files.size() + " files, more than "
                    + SkillSet.MAX_FILES_PER_SKILL);
        }
        long bytes = 0;
        for (byte[] content : files.values()) {
            bytes += content.length;
        }
        if (bytes > SkillSet.MAX_SKILL_BYTES) {
            throw new IllegalArgumentException("skill '" + name + "' holds " + bytes + " bytes, more than "
                    + SkillSet.MAX_SKILL_BYTES);
        }
        Map<String, Object> frontmatter;
        try {
            frontmatter = Frontmatter.parse(manifest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("skill '" + name + "': " + Skill.MANIFEST + ": " + e.getMessage(), e);
        }
        if (!name.equals(frontmatter.get("name"))) {
            throw new IllegalArgumentException("skill '" + name + "': " + Skill.MANIFEST + ": frontmatter name '"
                    + frontmatter.get("name") + "' differs from the skill's name (its directory)");
        }
        String root = SCHEME + name;
        String uri = root + "/" + Skill.MANIFEST;
        List<Resource> resources = new ArrayList<>(files.size());
        Map<String, Map<String, Child>> directories = new TreeMap<>();
        directories.put(root, new TreeMap<>());
        ByteBuf out = Unpooled.buffer();
        try {
            JsonOut.ascii(out, "{\"uri\":");
            JsonOut.string(out, uri);
            JsonOut.ascii(out, ",\"frontmatter\":");
            JsonOut.value(out, frontmatter);
            JsonOut.ascii(out, ",\"resources\":[");
            // SKILL.md first: the entry for the skill's own uri, then the rest in path order.
            writeFile(out, uri, manifest);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String fileUri = root + "/" + file.getKey();
                if (!fileUri.equals(uri)) {
                    out.writeByte(',');
                    writeFile(out, fileUri, file.getValue());
                }
                resources.add(resource(fileUri, file.getKey(), file.getValue(), frontmatter, fileUri.equals(uri)));
                index(directories, root, file.getKey(), file.getValue().length);
            }
            JsonOut.ascii(out, "]}");
            byte[] json = new byte[out.readableBytes()];
            out.readBytes(json);
            Map<String, List<Child>> listed = new TreeMap<>();
            directories.forEach((dir, children) -> listed.put(dir, List.copyOf(children.values())));
            return new SkillEntry(uri, json, bytes, List.copyOf(resources), Map.copyOf(listed));
        } finally {
            out.release();
        }
    }

    /** Adds the file and every directory on its path to the listings of their parents. */
    private static void index(Map<String, Map<String, Child>> directories, String root, String path, long size) {
        String parent = root;
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            String childUri = parent + "/" + segments[i];
            boolean last = i == segments.length - 1;
            Child child = last ? new Child(childUri, segments[i], mimeType(segments[i]), size, false)
                    : new Child(childUri, segments[i], DIRECTORY_MIME, 0, true);
            directories.get(parent).putIfAbsent(segments[i], child);
            if (!last) {
                directories.computeIfAbsent(childUri, k -> new TreeMap<>());
            }
            parent = childUri;
        }
    }

    private static void writeFile(ByteBuf out, String uri, byte[] content) {
        JsonOut.ascii(out, "{\"uri\":");
        JsonOut.string(out, uri);
        JsonOut.ascii(out, ",\"digest\":\"sha256:");
        JsonOut.ascii(out, HexFormat.of().formatHex(sha256(content)));
        JsonOut.ascii(out, "\",\"size\":");
        JsonOut.number(out, content.length);
        out.writeByte('}');
    }

    /**
     * The file as a resource: SKILL.md carries the skill's name and description (what a client
     * lists); text that is valid UTF-8 is served as text, anything else as a base64 blob.
     */
    private static Resource resource(String uri, String path, byte[] content, Map<String, Object> frontmatter,
            boolean manifest) {
        String mime = mimeType(path);
        String text = utf8(content);
        ResourceContents contents = text != null ? ResourceContents.text(uri, mime, text)
                : ResourceContents.blob(uri, mime, Base64.getEncoder().encodeToString(content));
        List<ResourceContents> read = List.of(contents);
        Resource.Builder builder = Resource.builder(uri, manifest ? (String) frontmatter.get("name") : path)
                .mimeType(mime)
                .size(content.length)
                .handler(Dispatch.INLINE, request -> read);
        String name = (String) frontmatter.get("name");
        return builder.description(manifest ? (String) frontmatter.get("description") : path + " of the skill " + name)
                .build();
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String mimeType(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        switch (dot < 0 ? "" : lower.substring(dot + 1)) {
            case "md": return "text/markdown";
            case "txt": return "text/plain";
            case "json": return "application/json";
            case "yaml": case "yml": return "application/yaml";
            case "py": return "text/x-python";
            case "sh": return "text/x-shellscript";
            case "js": return "text/javascript";
            case "html": return "text/html";
            case "csv": return "text/csv";
            case "png": return "image/png";
            case "jpg": case "jpeg": return "image/jpeg";
            case "pdf": return "application/pdf";
            default: return "application/octet-stream";
        }
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    String uri() {
        return uri;
    }

    /** The entry as JSON. */
    byte[] json() {
        return json;
    }

    /** The bytes of all the skill's files. */
    long bytes() {
        return bytes;
    }

    List<Resource> resources() {
        return resources;
    }

    /** Every directory of the skill (its root {@code skill://<name>} included) and its direct children. */
    Map<String, List<Child>> directories() {
        return directories;
    }
}
