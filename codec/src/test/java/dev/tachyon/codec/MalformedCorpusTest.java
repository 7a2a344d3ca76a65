package dev.tachyon.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedCorpusTest {

    static List<MalformedCorpus.Entry> corpus() {
        return MalformedCorpus.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void scannerGivesTheExpectedCode(MalformedCorpus.Entry entry) {
        EnvelopeScanner scanner = new EnvelopeScanner();
        JsonRpcEnvelope envelope = new JsonRpcEnvelope();
        Frames.inEachLayout(entry.bytes(), frame -> {
            int readerIndex = frame.readerIndex();
            int code = scanner.scan(frame, envelope);
            assertEquals(entry.expected(), code, () -> entry + ": " + scanner.errorDetail());
            assertEquals(readerIndex, frame.readerIndex(), "the scan must not move the reader index");
            if (code == EnvelopeScanner.OK) {
                assertNull(scanner.errorDetail());
                assertTrue(envelope.kind() != 0);
            } else if (code == ErrorCodes.INVALID_PARAMS) {
                // The message is well formed: the envelope stays whole, so the error can echo its id.
                assertNotNull(scanner.errorDetail());
                assertNotNull(scanner.duplicateMember());
                assertTrue(envelope.kind() == JsonRpcEnvelope.REQUEST || envelope.kind() == JsonRpcEnvelope.NOTIFICATION);
            } else {
                assertNotNull(scanner.errorDetail());
                assertNull(scanner.duplicateMember());
                assertEquals(0, envelope.kind());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void standaloneValidationAgreesOnWhatIsJson(MalformedCorpus.Entry entry) {
        String problem = JsonValidation.problem(entry.bytes());
        assertEquals(entry.isJson(), problem == null, () -> entry + ": " + problem);
    }

    @Test
    void everyCorpusFileIsInTheManifest() throws IOException, URISyntaxException {
        Path directory = Path.of(getClass().getClassLoader().getResource(MalformedCorpus.DIRECTORY).toURI());
        Set<String> listed = corpus().stream().map(MalformedCorpus.Entry::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(directory)) {
            List<String> unlisted = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") || name.endsWith(".hex"))
                    .filter(name -> !listed.contains(name))
                    .collect(Collectors.toList());
            assertEquals(List.of(), unlisted);
        }
        assertFalse(listed.isEmpty());
    }
}
