package dev.tachyon.server.testing;

import java.util.Map;

/** Parts of a decoded JSON-RPC response, failing the test with the whole message when the part is missing. */
public final class Answers {

    private Answers() {
    }

    /** The result object; an {@link AssertionError} when the answer is an error. */
    public static Map<String, Object> result(Map<String, Object> answer) {
        Object result = answer.get("result");
        if (result == null) {
            throw new AssertionError("expected a result, got " + answer);
        }
        return TestJson.map(result, "result");
    }

    /** The error's code; an {@link AssertionError} when the answer is a result. */
    public static Long errorCode(Map<String, Object> answer) {
        return (Long) error(answer).get("code");
    }

    /** The error's {@code data} (null when it has none); an {@link AssertionError} when the answer is a result. */
    public static Map<?, ?> errorData(Map<String, Object> answer) {
        return (Map<?, ?>) error(answer).get("data");
    }

    private static Map<String, Object> error(Map<String, Object> answer) {
        Object error = answer.get("error");
        if (!(error instanceof Map)) {
            throw new AssertionError("expected an error, got " + answer);
        }
        return TestJson.map(error, "error");
    }
}
