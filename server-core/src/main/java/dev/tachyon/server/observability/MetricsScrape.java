package dev.tachyon.server.observability;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What the admin endpoint's {@code /metrics} answers: the meters of the registry the host gave
 * the server, in a text format of the host's choosing. Tachyon's core knows no exposition format
 * (that would tie it to one registry implementation); the {@code tachyon} application passes
 * one over its Prometheus registry. Called on the admin endpoint's event loop, so it must not
 * block on anything but writing.
 */
@FunctionalInterface
public interface MetricsScrape {

    /**
     * Writes every meter to {@code out} in the format {@code accept} asks for.
     *
     * @param out    where the body goes; not closed by the implementation
     * @param accept the request's {@code Accept} header, or null when it has none
     * @return the content type written
     * @throws IOException when writing fails
     */
    String scrape(OutputStream out, String accept) throws IOException;
}
