package dev.tachyon.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The points of {@code tachyon-bench curves} and what is made of them: one CSV of every point
 * and one SVG per sweep, each target a series on the same axes.
 *
 * <pre>
 *   connections.svg  answers/s and p99 against connections (log x)
 *   pipeline.svg     answers/s and p99 against requests in flight per connection (log x)
 *   payload.svg      MB/s of echo text and p99 against the text's size (log x)
 *   load.svg         p99 against answers/s, and against the offered rate, of open-loop runs at rising rates
 * </pre>
 */
final class CurveSheet {

    /** The sweeps, in the order they run, with the file each is drawn into. */
    enum Sweep {
        CONNECTIONS("connections", "connections"),
        PIPELINE("pipeline", "requests in flight per connection"),
        PAYLOAD("payload", "echo text (bytes)"),
        LOAD("load", "offered load (msg/s)");

        final String file;
        final String xTitle;

        Sweep(String file, String xTitle) {
            this.file = file;
            this.xTitle = xTitle;
        }
    }

    /** One measured point: a run of {@code target} at {@code x} of {@code sweep}; NaN figures when it failed. */
    record Point(Sweep sweep, String target, double x, double throughput, double p50, double p99, long errors,
            String failure) {
    }

    static final String CSV_HEADER = "sweep,target,x,answers_per_s,p50_ms,p99_ms,error_answers,failure";

    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};

    private final List<Point> points = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    void add(Point point) {
        points.add(point);
        if (!targets.contains(point.target())) {
            targets.add(point.target());
        }
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    String csv() {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        for (Point p : points) {
            s.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%.4f,%.4f,%d,%s%n", p.sweep().file, p.target(), number(p.x()),
                    p.throughput(), p.p50(), p.p99(), p.errors(), p.failure() == null ? "" : '"' + p.failure()
                            .replace('"', '\'').replace('\n', ' ') + '"'));
        }
        return s.toString();
    }

    /** Writes curves.csv and one SVG per sweep that has points into {@code dir}; returns the files. */
    List<Path> write(Path dir, String caption) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Path csv = dir.resolve("curves.csv");
        Files.writeString(csv, csv());
        files.add(csv);
        for (Sweep sweep : Sweep.values()) {
            if (points.stream().anyMatch(p -> p.sweep() == sweep)) {
                Path svg = dir.resolve(sweep.file + ".svg");
                Files.writeString(svg, svg(sweep, caption));
                files.add(svg);
            }
        }
        return files;
    }

    String svg(Sweep sweep, String caption) {
        List<SvgChart.Panel> panels;
        if (sweep == Sweep.LOAD) {
            panels = List.of(
                    new SvgChart.Panel("answers/s", true, "p99 latency (ms)", true, series(sweep, Point::throughput, Point::p99)),
                    new SvgChart.Panel(sweep.xTitle, true, "p99 latency (ms)", true, series(sweep, Point::x, Point::p99)));
        } else if (sweep == Sweep.PAYLOAD) {
            panels = List.of(
                    new SvgChart.Panel(sweep.xTitle, true, "echo text MB/s each way", true,
                            series(sweep, Point::x, p -> p.throughput() * p.x() / 1e6)),
                    new SvgChart.Panel(sweep.xTitle, true, "p99 latency (ms)", true, series(sweep, Point::x, Point::p99)));
        } else {
            panels = List.of(
                    new SvgChart.Panel(sweep.xTitle, true, "answers/s", true, series(sweep, Point::x, Point::throughput)),
                    new SvgChart.Panel(sweep.xTitle, true, "p99 latency (ms)", true, series(sweep, Point::x, Point::p99)));
        }
        return SvgChart.render(title(sweep), caption, panels);
    }

    private static String title(Sweep sweep) {
        switch (sweep) {
            case CONNECTIONS: return "Cost of connections";
            case PIPELINE: return "Cost of pipelining";
            case PAYLOAD: return "Cost of payload size";
            default: return "Latency against throughput (open loop)";
        }
    }

    private List<SvgChart.Series> series(Sweep sweep, java.util.function.ToDoubleFunction<Point> x,
            java.util.function.ToDoubleFunction<Point> y) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            String target = targets.get(t);
            List<double[]> xy = new ArrayList<>();
            for (Point p : points) {
                if (p.sweep() == sweep && p.target().equals(target) && p.failure() == null) {
                    xy.add(new double[] {x.applyAsDouble(p), y.applyAsDouble(p)});
                }
            }
            series.add(new SvgChart.Series(target, COLOURS[t % COLOURS.length], xy));
        }
        return series;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
