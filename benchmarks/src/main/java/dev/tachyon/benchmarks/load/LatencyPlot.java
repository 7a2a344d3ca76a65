package dev.tachyon.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Draws latency by percentile as a PNG: the x axis is the percentile on the usual
 * "number of nines" scale ({@code log10(1 / (1 - p))}: 0%, 90%, 99%, 99.9%, ...), so the
 * tail gets as much room as the median; the y axis is latency in milliseconds. Several runs
 * can share one plot (the ceiling next to the server under test).
 */
final class LatencyPlot {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;
    private static final int LEFT = 80;
    private static final int RIGHT = 60;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };

    /** One line on the plot. */
    static final class Series {
        final String name;
        final Histogram histogram;

        Series(String name, Histogram histogram) {
            this.name = name;
            this.histogram = histogram;
        }
    }

    private LatencyPlot() {
    }

    /** The points of a series: {x in nines, latency in ms}. */
    static List<double[]> points(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        // The last percentile HdrHistogram reports is 100%, which is infinitely far right on this
        // scale: place the maximum one step past the highest finite point instead.
        double maxNines = Math.log10(h.getTotalCount());
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double nines = p >= 1.0 ? maxNines : Math.min(maxNines, Math.log10(1 / (1 - p)));
            points.add(new double[] {nines, h.highestEquivalentValue(v.getValueIteratedTo()) / 1e6});
        }
        return points;
    }

    static void write(Path file, String title, List<Series> series) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            List<List<double[]>> lines = new ArrayList<>();
            double maxX = 2;
            double maxY = 0;
            for (Series s : series) {
                List<double[]> points = points(s.histogram);
                lines.add(points);
                for (double[] p : points) {
                    maxX = Math.max(maxX, p[0]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
            maxX = Math.ceil(maxX);
            double step = niceStep(maxY <= 0 ? 1 : maxY * 1.05 / 8);
            maxY = Math.max(step, Math.ceil(maxY * 1.05 / step) * step);
            axes(g, title, maxX, maxY, step);
            for (int k = 0; k < lines.size(); k++) {
                g.setColor(COLORS[k % COLORS.length]);
                g.setStroke(new BasicStroke(2.2f));
                Path2D.Double path = new Path2D.Double();
                boolean first = true;
                for (double[] p : lines.get(k)) {
                    double x = px(p[0], maxX);
                    double y = py(p[1], maxY);
                    if (first) {
                        path.moveTo(x, y);
                        first = false;
                    } else {
                        path.lineTo(x, y);
                    }
                }
                g.draw(path);
            }
            legend(g, series);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static void axes(Graphics2D g, String title, double maxX, double maxY, double step) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (int nines = 0; nines <= maxX; nines++) {
            int x = (int) px(nines, maxX);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = ninesLabel(nines);
            g.drawString(label, x - fm.stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        for (double v = 0; v <= maxY + step / 2; v += step) {
            int y = (int) py(v, maxY);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = trim(v);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        String xTitle = "percentile";
        g.drawString(xTitle, LEFT + (WIDTH - LEFT - RIGHT - fm.stringWidth(xTitle)) / 2, HEIGHT - 15);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("latency (ms)", -(TOP + (HEIGHT - TOP - BOTTOM) / 2) - 35, 22);
        rotated.dispose();
    }

    private static void legend(Graphics2D g, List<Series> series) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = TOP + 22;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            g.fillRect(LEFT + 15, y - 10, 22, 4);
            g.setColor(Color.BLACK);
            Histogram h = s.histogram;
            String text = h.getTotalCount() == 0 ? s.name + " (no data)"
                    : String.format("%s  (p50 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms)", s.name,
                            h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                            h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
            g.drawString(text, LEFT + 45, y - 4);
            y += 20;
        }
    }

    /** 0%, 90%, 99%, 99.9%, 99.99%, ... */
    static String ninesLabel(int nines) {
        if (nines == 0) {
            return "0%";
        }
        if (nines == 1) {
            return "90%";
        }
        return "99" + (nines > 2 ? "." + "9".repeat(nines - 2) : "") + "%";
    }

    private static double px(double nines, double maxX) {
        return LEFT + nines / maxX * (WIDTH - LEFT - RIGHT);
    }

    private static double py(double ms, double maxY) {
        return HEIGHT - BOTTOM - ms / maxY * (HEIGHT - TOP - BOTTOM);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String trim(double v) {
        String s = String.format("%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
