package dev.tachyon.vmtuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JVM options file as {@code bin/tachyon} reads it (see {@code vm-tuning/README.md}): one
 * flag per line, optionally preceded on that line by {@code @since N} and {@code @until N}.
 *
 * <p>This reader is the test's independent account of the format; {@code ProfilesTest} checks
 * that the launcher's selection agrees with it.
 */
final class OptionsFile {

    /**
     * One flag line.
     *
     * @param line   1-based line number
     * @param flag   the flag as written
     * @param since  the first JDK feature version it applies to
     * @param until  the last JDK feature version it applies to
     * @param reason the comment lines directly above it, without {@code #}; empty if none
     */
    record Flag(int line, String flag, int since, int until, List<String> reason) {

        boolean appliesTo(int feature) {
            return feature >= since && feature <= until;
        }
    }

    private final Path path;
    private final List<Flag> flags;

    private OptionsFile(Path path, List<Flag> flags) {
        this.path = path;
        this.flags = List.copyOf(flags);
    }

    /**
     * Reads {@code path}.
     *
     * @throws IllegalArgumentException naming file and line, for a malformed line
     */
    static OptionsFile read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path);
        List<Flag> flags = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                comments.clear();
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            flags.add(flag(path, i + 1, line, comments));
            comments.clear();
        }
        return new OptionsFile(path, flags);
    }

    private static Flag flag(Path path, int number, String line, List<String> comments) {
        String[] words = line.split("\\s+");
        int since = 0;
        int until = Integer.MAX_VALUE;
        int i = 0;
        while (i < words.length && words[i].startsWith("@")) {
            if (i + 1 >= words.length || !words[i + 1].matches("[0-9]+")) {
                throw malformed(path, number, words[i] + " needs a JDK feature version");
            }
            int version = Integer.parseInt(words[i + 1]);
            switch (words[i]) {
                case "@since":
                    since = version;
                    break;
                case "@until":
                    until = version;
                    break;
                default:
                    throw malformed(path, number, "unknown directive " + words[i]);
            }
            i += 2;
        }
        if (words.length - i != 1) {
            throw malformed(path, number, "expected exactly one flag");
        }
        if (!words[i].startsWith("-")) {
            throw malformed(path, number, "not a flag: " + words[i]);
        }
        if (since > until) {
            throw malformed(path, number, "@since " + since + " is after @until " + until);
        }
        return new Flag(number, words[i], since, until, List.copyOf(comments));
    }

    private static IllegalArgumentException malformed(Path path, int line, String why) {
        return new IllegalArgumentException(path + ":" + line + ": " + why);
    }

    Path path() {
        return path;
    }

    /** Every flag line, whatever JDK it applies to. */
    List<Flag> flags() {
        return flags;
    }

    /** The flags that apply to JDK feature version {@code feature}, in file order. */
    List<String> flagsFor(int feature) {
        return flags.stream().filter(f -> f.appliesTo(feature)).map(Flag::flag).collect(Collectors.toList());
    }
}
