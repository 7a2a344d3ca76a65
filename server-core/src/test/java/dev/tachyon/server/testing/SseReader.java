package dev.tachyon.server.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads Server-Sent Events from a response body, one event (or field-only block) at a time. */
public final class SseReader implements Closeable {

    /** One dispatched block: {@code data} is null for a block without a data field (e.g. retry only). */
    public record Event(String id, String data, Long retry) {
        public boolean isPriming() {
            return id != null && data != null && data.isEmpty();
        }
    }

    private final BufferedReader reader;

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next block, or null at the end of the stream. */
    public Event next() throws IOException {
        String id = null;
        StringBuilder data = null;
        Long retry = null;
        boolean any = false;
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (any) {
                    return new Event(id, data == null ? null : data.toString(), retry);
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue; // a comment (a keep-alive): not an event, as the SSE spec says
            }
            any = true;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + (line.startsWith(": ", colon) ? 2 : 1));
            switch (field) {
                case "id": id = value; break;
                case "retry": retry = Long.parseLong(value); break;
                case "data":
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                    break;
                default: throw new IOException("unexpected SSE line: " + line);
            }
        }
        return any ? new Event(id, data == null ? null : data.toString(), retry) : null;
    }

    /** The next block that carries data (skipping field-only blocks), or null at the end. */
    public Event nextWithData() throws IOException {
        for (Event e; (e = next()) != null; ) {
            if (e.data() != null) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
