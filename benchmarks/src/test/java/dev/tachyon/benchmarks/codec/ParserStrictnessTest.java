package dev.tachyon.benchmarks.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.codec.EnvelopeScanner;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.codec.JsonRpcEnvelope;
import dev.tachyon.codec.MalformedCorpus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Runs codec's malformed-input corpus through each parser exactly as {@link EnvelopeScanBenchmark}
 * uses it, and records every input a parser judges differently from the corpus, for
 * {@code benchmarks/RESULTS.md}. The Tachyon scanner must agree on every input; the others are
 * measured, and the report is written to {@code target/parser-strictness.md}.
 */
class ParserStrictnessTest {

    private static final Path REPORT = Path.of("target", "parser-strictness.md");

    /** Inputs a parser got wrong, by kind of mistake. */
    private record Verdict(List<String> acceptedInvalidJson, List<String> rejectedValidJson, List<String> wrongShapeCode) {

        int mistakes() {
            return acceptedInvalidJson.size() + rejectedValidJson.size() + wrongShapeCode.size();
        }
    }

    @Test
    void everyBenchmarkMessageIsValidForEveryParser() {
        for (String name : McpMessages.NAMES) {
            byte[] message = McpMessages.load(name);
            for (Map.Entry<String, ToIntFunction<byte[]>> parser : parsers().entrySet()) {
                assertEquals(EnvelopeScanner.OK, parser.getValue().applyAsInt(message), parser.getKey() + " on " + name);
            }
        }
    }

    @Test
    void onlyTheTachyonScannerIsStrict() throws IOException {
        List<MalformedCorpus.Entry> corpus = MalformedCorpus.entries();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        parsers().forEach((name, parser) -> verdicts.put(name, judge(corpus, parser)));
        writeReport(corpus.size(), verdicts);

        Verdict tachyon = verdicts.get("tachyon");
        assertEquals(0, tachyon.mistakes(), () -> "tachyon: " + tachyon);
        // The evidence behind RESULTS.md: if a library upgrade makes these fail, update the README.
        assertTrue(verdicts.get("jsoniter").acceptedInvalidJson().size() > 0);
        assertTrue(verdicts.get("jackson").acceptedInvalidJson().size() > 0);
    }

    private static Map<String, ToIntFunction<byte[]>> parsers() {
        Map<String, ToIntFunction<byte[]>> parsers = new LinkedHashMap<>();
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope envelope = new JsonRpcEnvelope();
        parsers.put("tachyon", bytes -> {
            ByteBuf frame = Unpooled.wrappedBuffer(bytes);
            try {
                return scanner.scan(frame, envelope);
            } finally {
                frame.release();
            }
        });
        parsers.put("jackson", new JacksonEnvelopeScan()::scan);
        parsers.put("jsoniter", new JsoniterEnvelopeScan()::scan);
        return parsers;
    }

    private static Verdict judge(List<MalformedCorpus.Entry> corpus, ToIntFunction<byte[]> parser) {
        Verdict verdict = new Verdict(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (MalformedCorpus.Entry entry : corpus) {
            int code = parser.applyAsInt(entry.bytes());
            String name = entry.file().replaceFirst("\\.(json|hex)$", "");
            if (!entry.isJson() && code != ErrorCodes.PARSE_ERROR) {
                verdict.acceptedInvalidJson().add(name);
            } else if (entry.isJson() && code == ErrorCodes.PARSE_ERROR) {
                verdict.rejectedValidJson().add(name);
            } else if (code != entry.expected()) {
                verdict.wrongShapeCode().add(name);
            }
        }
        return verdict;
    }

    private static void writeReport(int inputs, Map<String, Verdict> verdicts) throws IOException {
        StringBuilder md = new StringBuilder("| parser | inputs judged right | accepts invalid JSON | rejects valid JSON | wrong JSON-RPC code |\n")
                .append("|---|---|---|---|---|\n");
        verdicts.forEach((name, v) -> md.append("| ").append(name).append(" | ").append(inputs - v.mistakes()).append('/').append(inputs)
                .append(" | ").append(list(v.acceptedInvalidJson())).append(" | ").append(list(v.rejectedValidJson()))
                .append(" | ").append(list(v.wrongShapeCode())).append(" |\n"));
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, md, StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : names.size() + ": " + String.join(", ", names);
    }
}
