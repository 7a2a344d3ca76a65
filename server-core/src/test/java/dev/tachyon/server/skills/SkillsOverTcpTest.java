package dev.tachyon.server.skills;

import static dev.tachyon.server.testing.StatelessMeta.params;
import static dev.tachyon.server.testing.TestJson.list;
import static dev.tachyon.server.testing.TestJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Skill;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The skills extension (SEP-2640) over a real TCP socket, in both eras: declared with
 * {@code directoryRead}, {@code skills/list} and {@code skills/get} with digests and sizes of
 * the served bytes, skill files as {@code skill://} resources, {@code resources/directory/read};
 * skills from the Java API and from a directory together; and a server without skills that
 * declares nothing and knows none of the methods.
 */
class SkillsOverTcpTest {

    static final String MANIFEST = "---\nname: code-review\ndescription: Review a change for bugs\n"
            + "metadata:\n  owner: platform\n  level: 3\n---\n\n# Code review\n\nRead [the checklist](refs/CHECKLIST.md).\n";
    static final String CHECKLIST = "- tests\n- naming\n";
    private static final Path DIRECTORY = directorySkill();

    @RegisterExtension
    static final TestServer SERVER = new TestServer(b -> b
            .skillsDirectory(DIRECTORY)
            .skill(Skill.of("code-review", Map.of("SKILL.md", utf8(MANIFEST), "refs/CHECKLIST.md", utf8(CHECKLIST)))));

    @RegisterExtension
    static final TestServer PLAIN = new TestServer(b -> { });

    @AfterAll
    static void removeDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(DIRECTORY)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void discoverAndInitializeDeclareTheExtensionWithDirectoryReadBesideResources() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> discovered = map(client.result("server/discover", params("")).get("capabilities"), "caps");
        Map<String, Object> initialized = map(SERVER.connect().initialize("{}").get("capabilities"), "caps");
        for (Map<String, Object> capabilities : List.of(discovered, initialized)) {
            assertEquals(Map.of("directoryRead", true),
                    map(capabilities.get("extensions"), "extensions").get("io.modelcontextprotocol/skills"));
            assertTrue(capabilities.containsKey("resources"));
        }
        // The tasks extension is the stateless revision's alone (negotiated per request).
        assertEquals(Map.of("io.modelcontextprotocol/skills", Map.of("directoryRead", true)),
                initialized.get("extensions"));
    }

    @Test
    void listNamesEverySkillWithItsFrontmatterAndTheDigestAndSizeOfEachFile() throws Exception {
        // The same entries in both eras: a 2026-07-28 request on a fresh connection, then a session.
        Map<NdjsonClient, String> eras = Map.of(SERVER.connect(), params(""), SERVER.initialized("{}"), "{}");
        for (Map.Entry<NdjsonClient, String> era : eras.entrySet()) {
            Map<String, Object> result = era.getKey().result("skills/list", era.getValue());
            List<Object> skills = list(result.get("skills"), "skills");
            assertEquals(List.of("skill://pdf-tools/SKILL.md", "skill://code-review/SKILL.md"),
                    skills.stream().map(s -> map(s, "skill").get("uri")).collect(Collectors.toList()));
            Map<String, Object> entry = map(skills.get(1), "entry");
            assertEquals(Map.of("name", "code-review", "description", "Review a change for bugs",
                    "metadata", Map.of("owner", "platform", "level", 3L)), entry.get("frontmatter"));
            assertEquals(List.of(file("skill://code-review/SKILL.md", MANIFEST),
                    file("skill://code-review/refs/CHECKLIST.md", CHECKLIST)), entry.get("resources"));
            assertNull(result.get("nextCursor"));
        }
        Map<String, Object> modern = SERVER.connect().result("skills/list", params(""));
        assertEquals("complete", modern.get("resultType"));
        assertEquals(0L, modern.get("ttlMs"));
        assertEquals("public", modern.get("cacheScope"));
    }

    @Test
    void getAnswersOneEntryAndAnUnknownUriIsInvalidParams() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> result = client.result("skills/get", params("\"uri\":\"skill://pdf-tools/SKILL.md\""));
        Map<String, Object> skill = map(result.get("skill"), "skill");
        assertEquals("skill://pdf-tools/SKILL.md", skill.get("uri"));
        assertEquals("pdf-tools", map(skill.get("frontmatter"), "frontmatter").get("name"));
        assertEquals("public", result.get("cacheScope"));
        assertFalse(result.containsKey("nextCursor"));
        Map<String, Object> error = client.error("skills/get", params("\"uri\":\"skill://nope/SKILL.md\""));
        assertEquals(-32602L, error.get("code"));
        assertEquals(Map.of("uri", "skill://nope/SKILL.md"), error.get("data"));
        assertEquals(-32602L, SERVER.initialized("{}").error("skills/get", "{\"uri\":\"skill://pdf-tools\"}").get("code"));
    }

    @Test
    void skillFilesAreResourcesListedWithTheSkillsNameAndReadAsMarkdown() {
        NdjsonClient client = SERVER.initialized("{}");
        List<Object> resources = list(client.result("resources/list", "{}").get("resources"), "resources");
        Map<String, Object> manifest = resources.stream().map(r -> map(r, "resource"))
                .filter(r -> r.get("uri").equals("skill://code-review/SKILL.md")).findFirst().orElseThrow();
        assertEquals("code-review", manifest.get("name"));
        assertEquals("Review a change for bugs", manifest.get("description"));
        assertEquals("text/markdown", manifest.get("mimeType"));
        Map<String, Object> read = map(list(client.result("resources/read", "{\"uri\":\"skill://code-review/SKILL.md\"}")
                .get("contents"), "contents").get(0), "contents");
        assertEquals(MANIFEST, read.get("text"));
        assertEquals("text/markdown", read.get("mimeType"));
        Map<String, Object> binary = map(list(client.result("resources/read",
                "{\"uri\":\"skill://pdf-tools/assets/logo.bin\"}").get("contents"), "contents").get(0), "contents");
        assertEquals("//79", binary.get("blob")); // not UTF-8: served as base64
    }

    @Test
    void directoryReadListsDirectChildrenWithFoldersAsDirectoriesAndRefusesAFile() {
        NdjsonClient client = SERVER.connect();
        Map<String, Object> root = client.result("resources/directory/read", params("\"uri\":\"skill://pdf-tools\""));
        assertEquals(List.of(
                Map.of("uri", "skill://pdf-tools/SKILL.md", "name", "SKILL.md", "mimeType", "text/markdown",
                        "size", (long) PDF_MANIFEST.length()),
                Map.of("uri", "skill://pdf-tools/assets", "name", "assets", "mimeType", "inode/directory")),
                root.get("resources"));
        Map<String, Object> assets = SERVER.initialized("{}").result("resources/directory/read",
                "{\"uri\":\"skill://pdf-tools/assets\"}");
        assertEquals(List.of(Map.of("uri", "skill://pdf-tools/assets/logo.bin", "name", "logo.bin",
                "mimeType", "application/octet-stream", "size", 3L)), assets.get("resources"));
        assertEquals(-32602L, client.error("resources/directory/read",
                params("\"uri\":\"skill://pdf-tools/SKILL.md\"")).get("code"));
        assertEquals(-32602L, client.error("resources/directory/read", params("\"uri\":\"test://x\"")).get("code"));
    }

    @Test
    void withoutSkillsNothingIsDeclaredAndTheMethodsAreNotFound() {
        NdjsonClient client = PLAIN.connect();
        Map<String, Object> capabilities = map(client.result("server/discover", params("")).get("capabilities"), "caps");
        assertFalse(map(capabilities.get("extensions"), "extensions").containsKey("io.modelcontextprotocol/skills"),
                capabilities::toString);
        assertFalse(PLAIN.connect().initialize("{}").get("capabilities").toString().contains("extensions"));
        assertEquals(-32601L, client.error("skills/list", params("")).get("code"));
        NdjsonClient session = PLAIN.initialized("{}");
        for (String method : List.of("skills/list", "skills/get", "resources/directory/read")) {
            assertEquals(-32601L, session.error(method, "{\"uri\":\"skill://a/SKILL.md\"}").get("code"), method);
        }
    }

    static final String PDF_MANIFEST = "---\nname: pdf-tools\ndescription: \"Split: and merge PDFs\"\n---\nBody.\n";

    private static Path directorySkill() {
        try {
            Path root = Files.createTempDirectory("tachyon-skills");
            Path skill = Files.createDirectories(root.resolve("pdf-tools").resolve("assets"));
            Files.writeString(root.resolve("pdf-tools").resolve("SKILL.md"), PDF_MANIFEST);
            Files.write(skill.resolve("logo.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd});
            Files.writeString(root.resolve("pdf-tools").resolve(".hidden"), "not served");
            Files.createDirectories(root.resolve("not-a-skill")); // no SKILL.md: skipped
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> file(String uri, String content) throws Exception {
        byte[] bytes = utf8(content);
        return Map.of("uri", uri, "digest", "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(bytes)), "size", (long) bytes.length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
