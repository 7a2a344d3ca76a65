package dev.tachyon.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags every Java server of {@code compare} and {@code curves} runs with (Tachyon, the
 * ceilings, Quarkus, the Java SDK peer): those {@code bin/tachyon --print-jvm-flags} prints for
 * a profile of {@code vm-tuning/profiles}, or for its default ({@code vm-tuning/jvm.options}).
 * One set for all, so a ratio compares servers and not JVM settings. The generator's own JVM
 * keeps the flags of {@code bin/tachyon-bench}.
 *
 * @param name  the profile ({@code --jvm-profile NAME}), or null for bin/tachyon's default
 * @param flags the flags, in the order the launcher gives them
 */
record JvmProfile(String name, List<String> flags) {

    /** When bin/tachyon cannot print its flags (no launcher in the root): the essentials of jvm.options. */
    private static final List<String> FALLBACK = List.of("-Xms1g", "-Xmx1g",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled");

    JvmProfile {
        flags = List.copyOf(flags);
    }

    /**
     * The flags of profile {@code name} (null: the default) as the launcher under {@code root}
     * prints them.
     *
     * @throws IllegalArgumentException when a named profile does not exist or cannot be read
     */
    static JvmProfile load(Path root, String name) {
        if (name == null) {
            List<String> out = CompareReport.run(root, root.resolve("bin/tachyon").toString(), "--print-jvm-flags");
            return new JvmProfile(null, out.isEmpty() ? FALLBACK : out);
        }
        if (!name.matches("[A-Za-z0-9._-]+") || !Files.isRegularFile(root.resolve("vm-tuning/profiles/" + name + ".options"))) {
            throw new IllegalArgumentException("--jvm-profile: no vm-tuning/profiles/" + name + ".options under " + root);
        }
        List<String> out = CompareReport.run(root, root.resolve("bin/tachyon").toString(), "--jvm-profile", name,
                "--print-jvm-flags");
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--jvm-profile: bin/tachyon printed no flags for " + name);
        }
        return new JvmProfile(name, out);
    }

    /**
     * The command that starts Tachyon before its own arguments: the launcher with this profile
     * ({@code bin/tachyon --jvm-profile NAME}), or with {@code launcher} "classpath" a child JVM
     * with these flags running the CLI from the generator's class path.
     */
    List<String> tachyon(String launcher) {
        if (launcher.equals("classpath")) {
            return ChildServers.javaCommand(flags, "dev.tachyon.server.cli.Main");
        }
        List<String> command = new ArrayList<>(List.of(launcher));
        if (name != null) {
            command.addAll(List.of("--jvm-profile", name));
        }
        return command;
    }

    /** For a report's header: which profile, then the flags. */
    String describe() {
        return (name == null ? "bin/tachyon's default (vm-tuning/jvm.options)" : "profile " + name
                + " (vm-tuning/profiles/" + name + ".options)") + ": `" + String.join(" ", flags) + "`";
    }
}
