package dev.tachyon.server.skills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Skill;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a skill must hold and the bounds of a skill set, checked when the server is built. */
class SkillSetTest {

    static byte[] manifest(String name) {
        return ("---\nname: " + name + "\ndescription: does " + name + "\n---\nBody\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(List<Skill> skills) {
        return assertThrows(IllegalArgumentException.class, () -> SkillSet.of(skills)).getMessage();
    }

    @Test
    void aSkillWithinTheBoundsIsServedAndNoSkillsIsNone() {
        SkillSet set = SkillSet.of(List.of(Skill.of("ok", Map.of("SKILL.md", manifest("ok")))));
        assertTrue(set.hasSkill("skill://ok/SKILL.md"));
        assertTrue(set.isDirectory("skill://ok"));
        assertEquals(1, set.resources().size());
        assertTrue(SkillSet.of(List.of()).isEmpty());
    }

    @Test
    void namesFollowTheAgentSkillsRules() {
        for (String bad : List.of("Upper", "-lead", "trail-", "dou--ble", "x".repeat(65), "under_score")) {
            String message = refusal(List.of(Skill.of(bad, Map.of("SKILL.md", manifest(bad)))));
            assertTrue(message.contains("'" + bad + "'") && message.contains("lowercase"), message);
        }
    }

    @Test
    void theManifestMustExistCarryNameAndDescriptionAndMatchTheName() {
        assertTrue(refusal(List.of(Skill.of("a", Map.of("README.md", manifest("a"))))).contains("no SKILL.md"));
        assertTrue(refusal(List.of(Skill.of("a", Map.of("SKILL.md", manifest("b"))))).contains("frontmatter name 'b'"));
        assertTrue(refusal(List.of(Skill.of("a", Map.of("SKILL.md", "# no frontmatter".getBytes(StandardCharsets.UTF_8)))))
                .contains("does not begin with a YAML frontmatter"));
        assertTrue(refusal(List.of(Skill.of("a", Map.of("SKILL.md", "---\nname: a\n---\n".getBytes(StandardCharsets.UTF_8)))))
                .contains("'description'"));
        assertTrue(refusal(List.of(Skill.of("a", Map.of("SKILL.md",
                "---\nname: a\ndescription: d\nwhen: 2026-01-01\n---\n".getBytes(StandardCharsets.UTF_8)))))
                .contains("frontmatter.when"));
        assertTrue(refusal(List.of(Skill.of("a", Map.of("SKILL.md",
                "---\nname: a\nname: a\ndescription: d\n---\n".getBytes(StandardCharsets.UTF_8))))).contains("not valid YAML"));
    }

    @Test
    void aSkillOverTheFileCountOrByteBoundIsRefusedNamingIt() {
        Map<String, byte[]> many = new HashMap<>();
        many.put("SKILL.md", manifest("many"));
        for (int i = 0; many.size() <= SkillSet.MAX_FILES_PER_SKILL; i++) {
            many.put("f" + i + ".txt", new byte[0]);
        }
        assertTrue(refusal(List.of(Skill.of("many", many))).contains("skill 'many' has 513 files"));
        byte[] big = new byte[(int) SkillSet.MAX_SKILL_BYTES];
        String message = refusal(List.of(Skill.of("big", Map.of("SKILL.md", manifest("big"), "big.bin", big))));
        assertTrue(message.contains("skill 'big' holds"), message);
    }

    @Test
    void theSetIsBoundedInCountAndInBytesAndNamesAreUnique() {
        List<Skill> skills = new ArrayList<>();
        for (int i = 0; i <= SkillSet.MAX_SKILLS; i++) {
            skills.add(Skill.of("s" + i, Map.of("SKILL.md", manifest("s" + i))));
        }
        assertTrue(refusal(skills).contains("257 skills, more than 256"));
        Skill a = Skill.of("a", Map.of("SKILL.md", manifest("a")));
        assertTrue(refusal(List.of(a, a)).contains("skill 'a' is given twice"));
        List<Skill> heavy = new ArrayList<>();
        byte[] fifteenMiB = new byte[15 * 1024 * 1024];
        for (int i = 0; i < 5; i++) {
            heavy.add(Skill.of("h" + i, Map.of("SKILL.md", manifest("h" + i), "data.bin", fifteenMiB)));
        }
        assertTrue(refusal(heavy).contains("skill 'h4' takes the skills over"));
    }

    @Test
    void aSkillCopiesItsFilesAndRefusesPathsThatLeaveIt() {
        byte[] content = manifest("c");
        Skill skill = Skill.of("c", Map.of("SKILL.md", content));
        content[0] = 'X';
        assertEquals('-', skill.files().get("SKILL.md")[0]);
        for (String bad : List.of("/abs", "../up", "a//b", "a/./b", "dir/")) {
            assertThrows(IllegalArgumentException.class, () -> Skill.of("c", Map.of(bad, new byte[0])), bad);
        }
    }
}
