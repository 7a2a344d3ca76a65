package dev.tachyon.server.admin;

import dev.tachyon.server.testing.TestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Real HTTP requests to an admin endpoint, with the JDK's client. */
final class AdminHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private AdminHttp() {
    }

    static HttpResponse<String> get(InetSocketAddress admin, String path) {
        return send(admin, "GET", path, null);
    }

    /** Sends {@code method path} with an optional {@code Accept} header. */
    static HttpResponse<String> send(InetSocketAddress admin, String method, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(admin, path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The JSON document {@code path} answers with (whatever the status). */
    static Map<String, Object> json(InetSocketAddress admin, String path) {
        HttpResponse<String> response = get(admin, path);
        return TestJson.map(TestJson.read(response.body().getBytes(StandardCharsets.UTF_8)), path);
    }

    static URI uri(InetSocketAddress admin, String path) {
        return URI.create("http://" + admin.getHostString() + ":" + admin.getPort() + path);
    }

    /** The value of the sample {@code series} (name and labels exactly as exported), or -1 when absent. */
    static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return -1;
    }
}
