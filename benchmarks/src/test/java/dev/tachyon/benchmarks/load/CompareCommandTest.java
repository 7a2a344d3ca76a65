package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tachyon-bench compare} end to end on a subset (Tachyon and the ceiling, each a real
 * child process) with tiny durations, and the Markdown section it writes into a results file.
 */
class CompareCommandTest {

    @TempDir
    Path out;

    @Test
    void comparesTachyonWithTheCeilingAndWritesTheTable() throws Exception {
        Path results = out.resolve("RESULTS.md");
        Files.writeString(results, "# Results\n\n## Before\n\nkept\n\n## Side by side\n\nold figures\n\n## After\n\nkept too\n");
        String table = compareTable("--only", "ceiling,tachyon,http-ceiling", "--tachyon", "classpath",
                "--duration", "1s", "--warmup", "300ms", "--cold-warmup", "600ms", "--rate-connections", "20", "--fixed-rate", "0", "--threads", "1",
                "--results", results.toString());
        // figures depend on the machine (a busy one may answer nothing in a 1 s window); the shape does not
        assertRow(table, "tachyon \\| tcp \\| max, 64 conn x 16 \\| [0-9,]+ \\| .* \\| 0 \\| ([0-9]+\\.\\d\\d of ceiling|-)");
        assertRow(table, "tachyon \\| http \\| max, 64 conn x 1 \\| [0-9,]+ \\| .* \\| 0 \\| ([0-9]+\\.\\d\\d of HTTP ceiling|-)");
        assertRow(table, "http-ceiling \\| http \\| max, 64 conn x 1, raw \\| [0-9,]+ \\| .* \\| 0 \\| reference");
        assertRow(table, "ceiling \\| tcp \\| max, 64 conn x 16, raw \\| [0-9,]+ \\| .* \\| 0 \\| reference");
        // the latency rate: half of Tachyon's TCP max from the same run, to the thousand
        Matcher max = Pattern.compile("\"throughput\": ([0-9.]+)")
                .matcher(Files.readString(out.resolve("compare/tachyon-tcp-max/result.json")));
        assertTrue(max.find());
        long rate = Math.max(1000, Math.round(Double.parseDouble(max.group(1)) / 2 / 1000) * 1000);
        assertRow(table, String.format("tachyon \\| tcp \\| %,d/s open loop, 20 conn \\| .* \\| (p99 [0-9.]+x ceiling's|-)", rate));
        assertRow(table, String.format("ceiling \\| tcp \\| %,d/s open loop, 20 conn, raw \\| .* \\| reference", rate));
        assertTrue(table.contains("- machine: "), table);
        assertTrue(table.contains("MCP Java SDK 2.2.0"), table);
        assertTrue(table.contains("bin/tachyon-bench --target tcp://127.0.0.1:"), table);
        // tachyon: tcp max, http max, rate R; ceiling: tcp max, rate R (--fixed-rate 0: no second rate); http-ceiling: max
        assertEquals(6, table.lines().filter(l -> l.startsWith("| tachyon |") || l.startsWith("| ceiling |")
                || l.startsWith("| http-ceiling |")).count(), table);
        assertTrue(table.contains("- Quarkus MCP 1.13.0 on Quarkus 3.33.2"), table);

        String merged = Files.readString(results);
        assertTrue(merged.startsWith("# Results\n\n## Before\n\nkept\n\n## Side by side\n\n`tachyon-bench compare`"), merged);
        assertTrue(merged.endsWith("\n## After\n\nkept too\n"), merged);
        assertFalse(merged.contains("old figures"), merged);
    }

    @Test
    void roundsRunEveryTargetInTurnAndTakeEachRatioWithinItsRound() throws Exception {
        String table = compareTable("--only", "tachyon,ceiling", "--tachyon", "classpath",
                "--rounds", "2", "--duration", "1s", "--warmup", "200ms", "--cold-warmup", "600ms", "--rate-connections", "10", "--fixed-rate", "0",
                "--latency-rate", "1000", "--threads", "1");
        for (int round = 1; round <= 2; round++) {
            assertRow(table, round + " \\| tachyon \\| tcp \\| max, 64 conn x 16 \\| [0-9,]+ \\| .* \\| 0 \\| [0-9]+\\.\\d\\d of ceiling");
            assertRow(table, round + " \\| ceiling \\| tcp \\| max, 64 conn x 16, raw \\| [0-9,]+ \\| .* \\| 0 \\| reference");
            assertTrue(Files.isRegularFile(out.resolve("compare/tachyon-tcp-max-r" + round + "/result.json")), "round " + round);
            assertTrue(Files.isRegularFile(out.resolve("compare/ceiling-r" + round + ".log")), "round " + round);
        }
        // each round's ratio is its own tachyon over its own ceiling; the median of two is their mean
        double[] ratios = new double[2];
        for (int round = 1; round <= 2; round++) {
            ratios[round - 1] = throughput(out.resolve("compare/tachyon-tcp-max-r" + round + "/result.json"))
                    / throughput(out.resolve("compare/ceiling-tcp-max-r" + round + "/result.json"));
        }
        assertTrue(table.contains(String.format("| TCP: Tachyon / newline-echo ceiling | %.2f | %.2f | **%.2f** |",
                ratios[0], ratios[1], (ratios[0] + ratios[1]) / 2)), table);
        assertFalse(table.contains("HTTP: Tachyon / HTTP ceiling"), "no HTTP ceiling ran, so no such ratio:\n" + table);
        // a freshly started server's first run of each transport warms up for --cold-warmup (Tachyon's HTTP
        // run comes after its TCP run, with its HTTP code still cold), the later ones for --warmup
        for (int round = 1; round <= 2; round++) {
            for (String label : List.of("tachyon-tcp-max", "tachyon-http-max", "ceiling-tcp-max")) {
                assertTrue(table.contains("--warmup 0.6s --quiet --label " + label + "-r" + round + " "), label + " in\n" + table);
            }
            for (String label : List.of("tachyon-tcp-rate-1000", "ceiling-tcp-rate-1000")) {
                assertTrue(table.contains("--warmup 0.2s --quiet --label " + label + "-r" + round + " "), label + " in\n" + table);
            }
        }
    }

    @Test
    void interleavedCyclesRunEveryServerInTurnReversedEveryOtherCycleAndTakeEachRatioWithinItsCycle() throws Exception {
        String table = compareTable("--only", "tachyon,ceiling", "--tachyon", "classpath",
                "--rounds", "0", "--interleave", "3", "--duration", "1s", "--warmup", "200ms", "--cold-warmup", "600ms",
                "--threads", "1");
        // both servers started once, before the first cycle, and kept up through all three
        assertEquals(1, table.lines().filter(l -> l.startsWith("tachyon: ") && l.contains(" serve --tcp ")).count(), table);
        assertEquals(1, table.lines().filter(l -> l.startsWith("ceiling: ") && l.contains(" ceiling --port ")).count(), table);
        // no rounds: no per-round rows and no per-round ratios
        assertFalse(table.contains(RoundRatios.PER_ROUND), table);
        assertFalse(table.lines().anyMatch(l -> l.startsWith("| tachyon |")), table);
        // no HTTP reference was chosen, so Tachyon's HTTP is not measured
        assertFalse(table.contains("tachyon-http-max"), table);
        // the windows, in the order they ran: tachyon first in odd cycles, the ceiling first in even ones
        List<String> order = table.lines().filter(l -> l.matches("\\| \\d \\| (tachyon|ceiling) \\| tcp \\| .*"))
                .map(l -> l.split(" \\| ")[0].substring(2) + " " + l.split(" \\| ")[1]).toList();
        assertEquals(List.of("1 tachyon", "1 ceiling", "2 ceiling", "2 tachyon", "3 tachyon", "3 ceiling"), order, table);
        // every ratio is the cycle's own tachyon over its own ceiling; the median of three is the middle one
        double[] ratios = new double[3];
        for (int cycle = 1; cycle <= 3; cycle++) {
            ratios[cycle - 1] = throughput(out.resolve("compare/tachyon-tcp-max-i" + cycle + "/result.json"))
                    / throughput(out.resolve("compare/ceiling-tcp-max-i" + cycle + "/result.json"));
        }
        assertTrue(table.contains("| ratio | cycle 1 | cycle 2 | cycle 3 | median |"), table);
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        assertTrue(table.contains(String.format("| TCP: Tachyon / newline-echo ceiling | %.2f | %.2f | %.2f | **%.2f** |",
                ratios[0], ratios[1], ratios[2], sorted[1])), table);
        // each server's first window is its cold one, the rest warm up for --warmup
        assertTrue(table.contains("--warmup 0.6s --quiet --label tachyon-tcp-max-i1 "), table);
        assertTrue(table.contains("--warmup 0.6s --quiet --label ceiling-tcp-max-i1 "), table);
        for (int cycle = 2; cycle <= 3; cycle++) {
            assertTrue(table.contains("--warmup 0.2s --quiet --label tachyon-tcp-max-i" + cycle + " "), table);
            assertTrue(table.contains("--warmup 0.2s --quiet --label ceiling-tcp-max-i" + cycle + " "), table);
        }
    }

    @Test
    void roundsZeroWithoutInterleavingOrInterleavingWithoutTachyonIsABadUsage() {
        assertBadUsage("--interleave", "--rounds", "0");
        assertBadUsage("must name tachyon", "--interleave", "2", "--only", "ceiling,http-ceiling");
    }

    @Test
    void eachRunReportsTheServersCpuAndAnswersPerServerCpuSecond() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = TachyonBench.run(new String[] {"compare", "--only", "ceiling", "--duration", "1s", "--warmup", "0s",
                "--cold-warmup", "300ms", "--latency-rate", "500", "--rate-connections", "4", "--fixed-rate", "0", "--threads", "1",
                "--out", out.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String output = PrintedOutput.of(printed);
        assertEquals(0, status, output);
        String table = Files.readString(out.resolve("compare/compare.md"));
        // the ceiling answering a closed loop as fast as it can over a 1 s window uses CPU, however busy the machine
        Matcher row = Pattern.compile("(?m)^\\| ceiling \\| tcp \\| max, 64 conn x 16, raw \\| ([0-9,]+) \\| .* \\| reference"
                + " \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9,]+) \\| ([0-9,]+) \\| reference \\|$").matcher(table);
        assertTrue(row.find(), table);
        assertTrue(Double.parseDouble(row.group(2)) > 0, "server cores in\n" + table);
        assertTrue(Double.parseDouble(row.group(3)) > 0, "generator cores in\n" + table);
        assertTrue(Long.parseLong(row.group(4).replace(",", "")) > 0, "generator ns per answer in\n" + table);
        assertTrue(Long.parseLong(row.group(5).replace(",", "")) > 0, "answers per server CPU-s in\n" + table);
        // the same figures in the run's cpu.json, taken from the ceiling's own JVM (a child of this one)
        String json = Files.readString(out.resolve("compare/ceiling-tcp-max/cpu.json"));
        Matcher cpu = Pattern.compile("\"serverCpuSeconds\": ([0-9.]+)").matcher(json);
        assertTrue(cpu.find() && Double.parseDouble(cpu.group(1)) > 0, json);
        assertTrue(json.contains("\"answersPerServerCpuSecond\": "), json);
        Matcher pid = Pattern.compile("\"serverPid\": ([0-9]+)").matcher(json);
        assertTrue(pid.find(), json);
        assertTrue(output.contains("tachyon-bench compare: ceiling (pid " + pid.group(1) + ")"), output);
        // the open-loop run has its figures too, and the ratios table names the per-CPU ratios
        assertTrue(Files.isRegularFile(out.resolve("compare/ceiling-tcp-rate-500/cpu.json")));
        assertTrue(table.contains("Server cores: the CPU-seconds"), table);
    }

    @Test
    void aJvmProfileGivesEveryJavaServerTheSameFlagsAndIsNamedInTheHeader() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = TachyonBench.run(new String[] {"compare", "--only", "tachyon,ceiling,http-ceiling", "--tachyon", "classpath",
                "--jvm-profile", "throughput", "--duration", "300ms", "--warmup", "0s", "--cold-warmup", "600ms", "--rate-connections", "4",
                "--fixed-rate", "0", "--latency-rate", "500", "--threads", "1", "--out", out.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String output = PrintedOutput.of(printed);
        assertEquals(0, status, output);
        String table = Files.readString(out.resolve("compare/compare.md"));
        Path root = ChildServers.defaultRoot();
        List<String> flags = JvmProfile.load(root, "throughput").flags();
        assertTrue(flags.contains("-XX:+UseParallelGC"), flags.toString()); // vm-tuning/profiles/throughput.options
        assertTrue(table.contains("- Java servers' JVM flags, the same for all, profile throughput"
                + " (vm-tuning/profiles/throughput.options): `" + String.join(" ", flags) + "`"), table);
        // each server's command as it was started: the profile's flags, not the default's G1
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String target : List.of("tachyon", "ceiling", "http-ceiling")) {
            assertTrue(table.contains(target + ": " + java + " " + String.join(" ", flags) + " -cp "), target + " in\n" + table);
        }
        assertFalse(table.contains("-XX:+UseG1GC"), table);
        // through the launcher, Tachyon gets the profile by name and the launcher reads the same file
        assertEquals(List.of("bin/tachyon", "--jvm-profile", "throughput"),
                JvmProfile.load(root, "throughput").tachyon("bin/tachyon"));
        assertEquals(List.of("bin/tachyon"), JvmProfile.load(root, null).tachyon("bin/tachyon"));
    }

    @Test
    void anUnknownJvmProfileIsABadUsage() {
        assertBadUsage("--jvm-profile", "--jvm-profile", "no-such-profile");
    }

    private static double throughput(Path resultJson) throws Exception {
        Matcher m = Pattern.compile("\"throughput\": ([0-9.]+)").matcher(Files.readString(resultJson));
        assertTrue(m.find(), resultJson.toString());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theMedianOfRoundsIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertEquals(0.7, RoundRatios.median(List.of(0.9, 0.7, 0.5)), 1e-9);
        assertEquals(0.65, RoundRatios.median(List.of(0.9, 0.6, 0.7, 0.5)), 1e-9);
    }

    @Test
    void aSectionIsReplacedUpToTheNextHeadingOfItsLevelOrAppended() {
        String section = "## Side by side\n\nnew\n### detail\n";
        assertEquals("# R\n\n## A\n\na\n\n## Side by side\n\nnew\n### detail\n\n## B\nb\n",
                CompareReport.replaceSection("# R\n\n## A\n\na\n\n## Side by side\nold\n### old detail\n## B\nb\n",
                        "## Side by side", section));
        assertEquals("# R\n\n## Side by side\n\nnew\n### detail\n",
                CompareReport.replaceSection("# R\n\n## Side by side\nold\n", "## Side by side", section));
        assertEquals("# R\ntext\n\n## Side by side\n\nnew\n### detail\n",
                CompareReport.replaceSection("# R\ntext\n", "## Side by side", section));
        assertEquals(section, CompareReport.replaceSection("", "## Side by side", section));
    }

    @Test
    void anUnknownTargetIsABadUsage() {
        assertBadUsage("--only", "--only", "tachyon,nginx");
    }

    /** {@code compare} with {@code args} exits 2, and its error names {@code flag}. */
    private static void assertBadUsage(String flag, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TachyonBench.run(all, System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(flag), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code compare} with {@code args} and {@code --out} the test's directory; checks that
     * it succeeded, stopped every server it started and failed no run; returns its table.
     */
    private String compareTable(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = TachyonBench.run(all, new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status, PrintedOutput.of(printed));
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
                "every server it started is stopped");
        String table = Files.readString(out.resolve("compare/compare.md"));
        assertFalse(table.contains("FAILED"), table);
        return table;
    }

    /** A row of the table: {@code regex} up to the throughput ratio, then the five CPU columns. */
    private static void assertRow(String table, String regex) {
        assertTrue(Pattern.compile("(?m)^\\| " + regex + " \\|( [^|]+ \\|){5}$").matcher(table).find(), regex + " in\n" + table);
    }
}
