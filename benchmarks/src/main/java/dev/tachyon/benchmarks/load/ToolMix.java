package dev.tachyon.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which request each id carries: a weighted mix of tools ({@code echo:9,add:1}), spread evenly
 * over a fixed cycle so the mix holds in every short window, not only on average.
 *
 * <p>Every request is {@code {"jsonrpc":"2.0","id":<id>} + a per-tool suffix}; only the id
 * changes, so a request is written with two copies and a number, no encoding work.
 *
 * <pre>
 *   {"jsonrpc":"2.0","id":  42  ,"method":"tools/call","params":{"name":"echo","arguments":{"text":"abc..."}}}
 *   |------ PREFIX -------| id  |----------------------------- suffix(tool) ---------------------------------|
 * </pre>
 *
 * Known tools: {@code echo} ({@code text} of {@code --payload-bytes} ASCII letters), {@code add}
 * ({@code a}, {@code b}), {@code sleep} ({@code ms}: {@code --sleep-ms}), {@code payload}
 * ({@code bytes}: {@code --payload-bytes}); any other name is called with no arguments, and
 * {@code ping} sends the {@code ping} method instead of a tool call.
 */
final class ToolMix {

    static final byte[] PREFIX = ascii("{\"jsonrpc\":\"2.0\",\"id\":");

    private final List<String> names;
    private final byte[][] suffixes;
    /** Tool index for each position of the cycle; request id {@code n} uses {@code cycle[n % length]}. */
    private final int[] cycle;

    private ToolMix(List<String> names, byte[][] suffixes, int[] cycle) {
        this.names = names;
        this.suffixes = suffixes;
        this.cycle = cycle;
    }

    /**
     * Parses {@code name[:weight],...}.
     *
     * @param payloadBytes length of {@code echo}'s text and of {@code payload}'s answer
     * @param sleepMillis {@code sleep}'s {@code ms}
     */
    static ToolMix parse(String spec, int payloadBytes, long sleepMillis) {
        List<String> names = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            String name = colon < 0 ? item : item.substring(0, colon);
            int weight;
            try {
                weight = colon < 0 ? 1 : Integer.parseInt(item.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tool: bad weight in '" + item + "'");
            }
            if (!name.matches("[A-Za-z0-9_.-]{1,128}") || weight <= 0 || weight > 1000) {
                throw new IllegalArgumentException("--tool: expected name[:weight 1..1000], got '" + item + "'");
            }
            names.add(name);
            weights.add(weight);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--tool: no tool named");
        }
        byte[][] suffixes = new byte[names.size()][];
        for (int t = 0; t < names.size(); t++) {
            suffixes[t] = ascii(suffix(names.get(t), payloadBytes, sleepMillis));
        }
        return new ToolMix(List.copyOf(names), suffixes, spread(weights));
    }

    /** The tool index request {@code id} carries. */
    int toolOf(long id) {
        return cycle[(int) Math.floorMod(id, (long) cycle.length)];
    }

    /** The bytes after the id for request {@code id}. */
    byte[] suffixOf(long id) {
        return suffixes[toolOf(id)];
    }

    List<String> names() {
        return names;
    }

    /** The longest suffix, for sizing buffers. */
    int maxSuffixLength() {
        int max = 0;
        for (byte[] s : suffixes) {
            max = Math.max(max, s.length);
        }
        return max;
    }

    static String payloadText(int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        for (int k = 0; k < bytes; k++) {
            text.append((char) ('a' + k % 26));
        }
        return text.toString();
    }

    private static String suffix(String name, int payloadBytes, long sleepMillis) {
        if (name.equals("ping")) {
            return ",\"method\":\"ping\"}";
        }
        String arguments;
        switch (name) {
            case "echo": arguments = "{\"text\":\"" + payloadText(payloadBytes) + "\"}"; break;
            case "add": arguments = "{\"a\":20,\"b\":22}"; break;
            case "sleep": arguments = "{\"ms\":" + sleepMillis + "}"; break;
            case "payload": arguments = "{\"bytes\":" + payloadBytes + "}"; break;
            default: arguments = "{}"; break;
        }
        return ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}}";
    }

    /**
     * A cycle of {@code sum(weights)} slots where tool {@code t} takes {@code weights[t]} slots,
     * spread out: each slot goes to the tool furthest behind its share (smooth weighted
     * round robin), so {@code echo:9,add:1} gives nine echoes, then one add, not runs of each.
     */
    static int[] spread(List<Integer> weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int[] cycle = new int[total];
        long[] credit = new long[weights.size()];
        for (int slot = 0; slot < total; slot++) {
            int best = 0;
            for (int t = 0; t < credit.length; t++) {
                credit[t] += weights.get(t);
                if (credit[t] > credit[best]) {
                    best = t;
                }
            }
            credit[best] -= total;
            cycle[slot] = best;
        }
        return cycle;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
