package dev.tachyon.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The malformed-input corpus under {@code src/test/resources/malformed/}: one input per file,
 * each listed in {@code manifest.tsv} with the scan result it must get.
 *
 * <p>Public and loaded from the class path (not the file system) so that other modules'
 * tests can run the same corpus from codec's test jar, e.g. the benchmarks' strictness check.
 */
public final class MalformedCorpus {

    /** Where the corpus lives on the class path. */
    public static final String DIRECTORY = "malformed/";

    /** One input: its file name, its bytes, the expected {@link EnvelopeScanner#scan} result, and what it is. */
    public record Entry(String file, byte[] bytes, int expected, String description) {

        /** Whether the input is valid JSON (whatever its JSON-RPC shape). */
        public boolean isJson() {
            return expected != ErrorCodes.PARSE_ERROR;
        }

        @Override
        public String toString() {
            return file + " (" + description + ")";
        }
    }

    private MalformedCorpus() {
    }

    /** Every entry of the manifest, in manifest order. */
    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader manifest = reader(DIRECTORY + "manifest.tsv")) {
            for (String line; (line = manifest.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                byte[] raw = bytes(DIRECTORY + fields[1]);
                byte[] input = fields[1].endsWith(".hex") ? unhex(raw) : raw;
                entries.add(new Entry(fields[1], input, Integer.parseInt(fields[0]), fields[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static byte[] unhex(byte[] file) {
        StringBuilder hex = new StringBuilder();
        for (String line : new String(file, StandardCharsets.US_ASCII).split("\n")) {
            if (!line.startsWith("#")) {
                hex.append(line.replaceAll("\\s+", ""));
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static BufferedReader reader(String resource) {
        return new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String resource) {
        InputStream in = MalformedCorpus.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }
}
