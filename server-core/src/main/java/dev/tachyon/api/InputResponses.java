package dev.tachyon.api;

import java.util.Collections;
import java.util.Map;

/**
 * The client's answers to the requests of an {@link InputRequired}, by their keys: each an
 * {@code ElicitResult} ({@code {"action":"accept","content":{...}}}), a
 * {@code CreateMessageResult} or a {@code ListRootsResult}, as decoded JSON objects. Empty on
 * a first call. Keys the handler did not ask for may be present and should be ignored; a key it
 * asked for may be missing, in which case the handler asks again. Immutable.
 */
public final class InputResponses {

    private static final InputResponses NONE = new InputResponses(Map.of());

    private final Map<String, Map<String, Object>> answers;

    private InputResponses(Map<String, Map<String, Object>> answers) {
        this.answers = answers;
    }

    /** No answers. */
    public static InputResponses none() {
        return NONE;
    }

    /** These answers. */
    public static InputResponses of(Map<String, Map<String, Object>> answers) {
        return answers.isEmpty() ? NONE : new InputResponses(Collections.unmodifiableMap(answers));
    }

    /** The answer under {@code key}, or null. */
    public Map<String, Object> get(String key) {
        return answers.get(key);
    }

    public boolean has(String key) {
        return answers.containsKey(key);
    }

    public boolean isEmpty() {
        return answers.isEmpty();
    }

    /** All answers, unmodifiable. */
    public Map<String, Map<String, Object>> asMap() {
        return answers;
    }

    /**
     * The {@code content} of an accepted elicitation under {@code key}, or null when there is
     * no answer, the user declined or cancelled, or the answer has no content object.
     */
    @SuppressWarnings("unchecked") // decoded JSON objects are Map<String, Object>
    public Map<String, Object> accepted(String key) {
        Map<String, Object> answer = answers.get(key);
        if (answer == null || !"accept".equals(answer.get("action")) || !(answer.get("content") instanceof Map)) {
            return null;
        }
        return (Map<String, Object>) answer.get("content");
    }
}
