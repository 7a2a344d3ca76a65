package dev.tachyon.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a command printed, as an assertion message: each child's classpath (thousands of
 * characters per "starting" line) is elided so a report that keeps only the message's start
 * and end still shows the line that says why a run failed.
 */
final class PrintedOutput {

    private PrintedOutput() {
    }

    static String of(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8).replaceAll("(-cp|-classpath) \\S+", "$1 <classpath>");
    }
}
