package dev.tachyon.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as SVG text: one or more panels stacked vertically, each with an x
 * and a y axis (linear or log 10) and named series of points drawn as lines with markers. Enough
 * for the cost curves; no dependency, and the output is plain SVG 1.1 that browsers and GitHub
 * render.
 *
 * <p>Every series is a {@code <g class="series" data-series="NAME">} holding its
 * {@code <polyline>} and one {@code <circle>} per point, so a test (or a person) can find it.
 * Points with a value that cannot be drawn (NaN, or not positive on a log axis) are left out.
 */
final class SvgChart {

    /** One series: a name, a colour and its points, in the order they are joined. */
    record Series(String name, String colour, List<double[]> points) {
    }

    /** One panel: axis titles, log or linear axes, and its series. */
    record Panel(String xTitle, boolean xLog, String yTitle, boolean yLog, List<Series> series) {
    }

    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 300;
    private static final int LEFT = 90;
    private static final int RIGHT = 150;
    private static final int TOP = 70;
    private static final int GAP = 70;
    private static final int BOTTOM = 60;

    private SvgChart() {
    }

    /** The chart as an SVG document: {@code title} and a smaller {@code caption} on top, then the panels. */
    static String render(String title, String caption, List<Panel> panels) {
        int height = TOP + panels.size() * PANEL_HEIGHT + (panels.size() - 1) * GAP + BOTTOM;
        StringBuilder s = new StringBuilder(8192);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"26\" font-size=\"16\">").append(escape(title)).append("</text>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"46\" font-size=\"11\" fill=\"#555\">").append(escape(caption))
                .append("</text>\n");
        for (int k = 0; k < panels.size(); k++) {
            panel(s, panels.get(k), TOP + k * (PANEL_HEIGHT + GAP));
        }
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, Panel p, int top) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        Axis x = Axis.of(p.series(), 0, p.xLog(), LEFT, LEFT + plotWidth);
        Axis y = Axis.of(p.series(), 1, p.yLog(), top + PANEL_HEIGHT, top);
        s.append("<g class=\"panel\">\n");
        for (double t : x.ticks()) {
            int px = (int) Math.round(x.position(t));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>", px, top, px,
                    top + PANEL_HEIGHT));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
                    top + PANEL_HEIGHT + 16, label(t)));
        }
        for (double t : y.ticks()) {
            int py = (int) Math.round(y.position(t));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>", LEFT, py,
                    LEFT + plotWidth, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6, py + 4,
                    label(t)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                LEFT, top, plotWidth, PANEL_HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotWidth / 2,
                top + PANEL_HEIGHT + 36, escape(p.xTitle() + (p.xLog() ? " (log)" : ""))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">%s</text>%n",
                22, top + PANEL_HEIGHT / 2, 22, top + PANEL_HEIGHT / 2, escape(p.yTitle() + (p.yLog() ? " (log)" : ""))));
        int legend = top + 10;
        for (Series series : p.series()) {
            s.append("<g class=\"series\" data-series=\"").append(escape(series.name())).append("\" stroke=\"")
                    .append(series.colour()).append("\" fill=\"").append(series.colour()).append("\">\n<polyline fill=\"none\" stroke-width=\"2\" points=\"");
            List<double[]> drawn = new ArrayList<>();
            for (double[] point : series.points()) {
                if (x.drawable(point[0]) && y.drawable(point[1])) {
                    drawn.add(new double[] {x.position(point[0]), y.position(point[1])});
                }
            }
            for (double[] d : drawn) {
                s.append(String.format(Locale.ROOT, "%.1f,%.1f ", d[0], d[1]));
            }
            s.append("\"/>\n");
            for (double[] d : drawn) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>%n", d[0], d[1]));
            }
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"2\"/>", LEFT + plotWidth + 12,
                    legend, LEFT + plotWidth + 36, legend));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" stroke=\"none\" fill=\"black\">%s</text>%n</g>%n",
                    LEFT + plotWidth + 42, legend + 4, escape(series.name())));
            legend += 18;
        }
        s.append("</g>\n");
    }

    /** A tick label: 1.5k, 2M, 0.25 ... short enough to sit under a tick. */
    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** One axis: the data range (widened to whole decades on a log axis) mapped onto pixels. */
    private record Axis(double min, double max, boolean log, double from, double to) {

        static Axis of(List<Series> series, int coordinate, boolean log, double from, double to) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (double[] p : s.points()) {
                    double v = p[coordinate];
                    if (!Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (min > max) { // nothing to draw: an empty frame
                min = log ? 1 : 0;
                max = log ? 10 : 1;
            }
            if (log) {
                min = Math.pow(10, Math.floor(Math.log10(min)));
                max = Math.pow(10, Math.ceil(Math.log10(max)));
                if (max <= min) {
                    max = min * 10;
                }
            } else {
                min = Math.min(0, min);
                double step = LatencyPlot.niceStep((max - min) / 5 > 0 ? (max - min) / 5 : 1);
                max = Math.ceil(max / step) * step;
                if (max <= min) {
                    max = min + step;
                }
            }
            return new Axis(min, max, log, from, to);
        }

        boolean drawable(double v) {
            return !Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0);
        }

        double position(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
            return from + f * (to - from);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = LatencyPlot.niceStep((max - min) / 5);
                for (double t = min; t <= max + step / 1000; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }
    }
}
