package dev.tachyon.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code tachyon-bench curves} end to end with tiny settings: Tachyon and the ceiling as real
 * child processes, two points per sweep; the four SVGs are well-formed XML with both series in
 * every panel and a marker per point, and the CSV has every point. Figures are not checked (a
 * busy machine may answer little in a short window); the shape is.
 */
class CurvesCommandTest {

    @TempDir
    Path out;

    @Test
    void drawsEverySweepForBothTargetsAndWritesThePoints() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = TachyonBench.run(new String[] {"curves", "--tachyon", "classpath", "--duration", "300ms", "--warmup", "0s", "--cold-warmup", "600ms",
                "--connections", "1,3", "--pipelines", "1,2", "--payloads", "100,2k", "--rates", "200,400",
                "--rate-connections", "4", "--threads", "1", "--out", out.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String output = PrintedOutput.of(printed);
        assertEquals(0, status, output);
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
                "every server it started is stopped");

        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(CurveSheet.CSV_HEADER, csv.get(0));
        assertEquals(1 + 2 * 8, csv.size(), String.join("\n", csv));
        Set<String> keys = new TreeSet<>();
        for (String row : csv.subList(1, csv.size())) {
            String[] f = row.split(",", -1);
            assertEquals(8, f.length, row);
            assertTrue(Double.parseDouble(f[3]) >= 0 && Double.parseDouble(f[5]) >= 0, row);
            assertEquals("", f[7], "no point failed: " + row);
            keys.add(f[0] + "/" + f[1] + "/" + f[2]);
        }
        assertEquals(new TreeSet<>(List.of("connections/ceiling/1", "connections/ceiling/3", "connections/tachyon/1",
                "connections/tachyon/3", "load/ceiling/200", "load/ceiling/400", "load/tachyon/200", "load/tachyon/400",
                "payload/ceiling/100", "payload/ceiling/2000", "payload/tachyon/100", "payload/tachyon/2000",
                "pipeline/ceiling/1", "pipeline/ceiling/2", "pipeline/tachyon/1", "pipeline/tachyon/2")), keys);

        for (String name : List.of("connections", "pipeline", "payload", "load")) {
            Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve(name + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getTagName(), name);
            NodeList panels = svg.getElementsByTagName("g");
            int series = 0;
            for (int k = 0; k < panels.getLength(); k++) {
                Element g = (Element) panels.item(k);
                if (g.getAttribute("class").equals("series")) {
                    series++;
                    assertTrue(Set.of("tachyon", "ceiling").contains(g.getAttribute("data-series")), name);
                    // a point whose figure cannot sit on a log axis (no answer in the window) is left out
                    assertTrue(g.getElementsByTagName("circle").getLength() <= 2, name);
                    assertEquals(1, g.getElementsByTagName("polyline").getLength(), name);
                }
            }
            assertEquals(4, series, name + ": two panels, two series each");
            String text = Files.readString(out.resolve(name + ".svg"));
            assertTrue(text.contains("data-series=\"tachyon\"") && text.contains("data-series=\"ceiling\""), name);
        }
        assertTrue(output.contains("tachyon-bench curves: wrote " + out.resolve("load.svg")), output);
    }

    @Test
    void roundsRunTheTargetsInTurnAndTakeEachRatioWithinItsRound() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = TachyonBench.run(new String[] {"curves", "--tachyon", "classpath", "--rounds", "2", "--duration", "300ms",
                "--warmup", "0s", "--cold-warmup", "600ms", "--sweeps", "pipeline,payload", "--pipelines", "2", "--payloads", "100,2k", "--threads", "1",
                "--jvm-profile", "throughput", "--out", out.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), System.err);
        String output = PrintedOutput.of(printed);
        assertEquals(0, status, output);
        assertTrue(output.contains("servers' JVM flags, profile throughput"), output);
        Path runs = out.resolve("runs");
        String table = Files.readString(out.resolve("rounds.md"));
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(1 + 2 * 3, csv.size(), "one row per point and target, not per round:\n" + String.join("\n", csv));
        for (String point : List.of("pipeline-2", "payload-100", "payload-2000")) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                assertTrue(Files.isRegularFile(runs.resolve("tachyon-r" + round + ".log")), "round " + round);
                assertTrue(Files.isRegularFile(runs.resolve("ceiling-r" + round + ".log")), "round " + round);
                ratios.add(throughput(runs.resolve("tachyon-" + point + "-r" + round + "/result.json"))
                        / throughput(runs.resolve("ceiling-" + point + "-r" + round + "/result.json")));
            }
            String name = point.replace('-', ' ') + ": Tachyon / ceiling";
            // a busy machine may answer nothing in a 300 ms window: such a round shows "-" and is left out of the median
            List<Double> counted = ratios.stream().filter(v -> Double.isFinite(v) && v > 0).toList();
            Matcher row = Pattern.compile("(?m)^\\| " + name + " \\| (.+) \\|$").matcher(table);
            assertEquals(!counted.isEmpty(), row.find(), "a row only with data: " + name + " in\n" + table);
            if (counted.isEmpty()) {
                continue;
            }
            String[] cells = row.group(1).split(" \\| ");
            assertEquals(3, cells.length, row.group());
            for (int k = 0; k < 2; k++) {
                double v = ratios.get(k);
                if (counted.contains(v)) {
                    // result.json rounds the throughput to 0.1/s: compare to the table's two decimals with that slack
                    assertEquals(v, Double.parseDouble(cells[k]), 0.0051 + v * 1e-4, name + " in\n" + table);
                } else {
                    assertEquals("-", cells[k], name + " in\n" + table);
                }
            }
            double median = counted.stream().mapToDouble(Double::doubleValue).average().orElseThrow(); // of at most two
            assertEquals(median, Double.parseDouble(cells[2].replace("**", "")), 0.0051 + median * 1e-4, name + " in\n" + table);
            // the picture's point is the lower of the two rounds (the median's lower middle)
            for (String target : List.of("tachyon", "ceiling")) {
                double lower = Math.min(throughput(runs.resolve(target + "-" + point + "-r1/result.json")),
                        throughput(runs.resolve(target + "-" + point + "-r2/result.json")));
                String prefix = point.replaceFirst("-", "," + target + ",") + ",";
                assertTrue(csv.stream().anyMatch(l -> l.startsWith(prefix + String.format(Locale.ROOT, "%.1f,", lower))),
                        prefix + " " + lower + " in\n" + String.join("\n", csv));
            }
        }
    }

    private static double throughput(Path resultJson) throws Exception {
        Matcher m = Pattern.compile("\"throughput\": ([0-9.]+)").matcher(Files.readString(resultJson));
        assertTrue(m.find(), resultJson.toString());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void anUnknownSweepIsABadUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, TachyonBench.run(new String[] {"curves", "--sweeps", "colours"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sweeps"), err.toString(StandardCharsets.UTF_8));
    }
}
