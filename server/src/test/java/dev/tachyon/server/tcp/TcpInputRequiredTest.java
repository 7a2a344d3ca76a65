package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.StatelessMeta.ALL_CAPABILITIES;
import static dev.tachyon.server.testing.StatelessMeta.params;
import static dev.tachyon.server.testing.TestJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.TachyonServer;
import dev.tachyon.server.engine.EngineSettings;
import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input-required results (multi round-trip requests) over TCP: the stateless rounds with their
 * sealed {@code requestState}, and the same handlers in a stateful session, where the server asks
 * the client itself.
 */
class TcpInputRequiredTest {

    private static final byte[] KEY_A = "key-a-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_B = "key-b-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final TestServer SERVER = new TestServer(ConformanceFixture::register);

    @Test
    void asksThenCompletesWithTheAnswers() {
        NdjsonClient client = SERVER.connect();
        String call = "\"name\":\"test_input_required_result_elicitation\",\"arguments\":{}";
        Map<String, Object> first = client.result("tools/call", params(call, ALL_CAPABILITIES));
        assertEquals("input_required", first.get("resultType"));
        Map<String, Object> asked = map(map(first.get("inputRequests"), "inputRequests").get("user_name"), "user_name");
        assertEquals("elicitation/create", asked.get("method"));
        assertNull(first.get("requestState"), "this tool needs no state");

        Map<String, Object> done = client.result("tools/call", params(call + ",\"inputResponses\":{\"user_name\":"
                + "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}},\"extra\":{\"ignored\":true}}", ALL_CAPABILITIES));
        assertEquals("complete", done.get("resultType"));
        assertEquals("Hello, Ada!", text(done));
    }

    @Test
    void aMissingAnswerIsAskedAgainAndAMalformedOneRefused() {
        NdjsonClient client = SERVER.connect();
        String call = "\"name\":\"test_input_required_result_elicitation\"";
        Map<String, Object> again = client.result("tools/call", params(call
                + ",\"inputResponses\":{\"wrong_key\":{\"action\":\"accept\",\"content\":{}}}", ALL_CAPABILITIES));
        assertEquals("input_required", again.get("resultType"));
        for (String bad : List.of("{\"user_name\":12345}", "null", "[]")) {
            assertEquals(-32602L, client.error("tools/call", params(call + ",\"inputResponses\":" + bad,
                    ALL_CAPABILITIES)).get("code"), bad);
        }
        assertEquals(-32602L, client.error("tools/call", params(call + ",\"requestState\":42", ALL_CAPABILITIES))
                .get("code"));
    }

    @Test
    void stateComesBackVerifiedAndATamperedOrMovedStateIsRefused() {
        NdjsonClient client = SERVER.connect();
        String call = "\"name\":\"test_input_required_result_tampered_state\",\"arguments\":{}";
        String state = (String) client.result("tools/call", params(call, ALL_CAPABILITIES)).get("requestState");
        String answer = ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";

        assertEquals(-32602L, retry(client, call + answer, state + "-TAMPERED").get("code"));
        String flipped = state.substring(0, 5) + (state.charAt(5) == 'A' ? 'B' : 'A') + state.substring(6);
        assertEquals(-32602L, retry(client, call + answer, flipped).get("code"));
        // Bound to the tool and its arguments: the same state on another call is refused.
        assertEquals(-32602L, retry(client, "\"name\":\"test_input_required_result_request_state\",\"arguments\":{}"
                + answer, state).get("code"));
        assertEquals(-32602L, retry(client, "\"name\":\"test_input_required_result_tampered_state\","
                + "\"arguments\":{\"x\":1}" + answer, state).get("code"));

        Map<String, Object> done = client.result("tools/call", params(call + answer
                + ",\"requestState\":\"" + state + "\"", ALL_CAPABILITIES));
        assertEquals("The request state was intact, ok=true", text(done));
    }

    @Test
    void multipleRoundsCarryTheirOwnState() {
        NdjsonClient client = SERVER.connect();
        String call = "\"name\":\"test_input_required_result_multi_round\"";
        Map<String, Object> one = client.result("tools/call", params(call, ALL_CAPABILITIES));
        Map<String, Object> two = client.result("tools/call", params(call + ",\"requestState\":\""
                + one.get("requestState") + "\",\"inputResponses\":{\"step1\":{\"action\":\"accept\","
                + "\"content\":{\"name\":\"Ada\"}}}", ALL_CAPABILITIES));
        assertEquals("input_required", two.get("resultType"));
        assertNotEquals(one.get("requestState"), two.get("requestState"));
        assertEquals(Set.of("step2"), map(two.get("inputRequests"), "inputRequests").keySet());
        Map<String, Object> three = client.result("tools/call", params(call + ",\"requestState\":\""
                + two.get("requestState") + "\",\"inputResponses\":{\"step2\":{\"action\":\"accept\","
                + "\"content\":{\"color\":\"blue\"}}}", ALL_CAPABILITIES));
        assertEquals("Ada likes blue", text(three));
    }

    @Test
    void asksOnlyThroughDeclaredCapabilities() {
        NdjsonClient client = SERVER.connect();
        String call = "\"name\":\"test_input_required_result_capabilities\"";
        Map<String, Object> samplingOnly = client.result("tools/call", params(call, "{\"sampling\":{}}"));
        assertEquals(Set.of("capital_question"), map(samplingOnly.get("inputRequests"), "inputRequests").keySet());
        assertEquals("complete", client.result("tools/call", params(call)).get("resultType"));
        // A handler asking for more than was declared gets -32021 naming every missing capability.
        Map<String, Object> error = client.error("tools/call", params("\"name\":\"test_input_required_result_multiple_inputs\"",
                "{\"roots\":{}}"));
        assertEquals(-32021L, error.get("code"));
        assertEquals(Map.of("requiredCapabilities", Map.of("elicitation", Map.of(), "sampling", Map.of())),
                error.get("data"));
    }

    @Test
    void promptsAskToo() {
        NdjsonClient client = SERVER.connect();
        String get = "\"name\":\"test_input_required_result_prompt\"";
        Map<String, Object> first = client.result("prompts/get", params(get, ALL_CAPABILITIES));
        assertEquals("input_required", first.get("resultType"));
        Map<String, Object> done = client.result("prompts/get", params(get + ",\"inputResponses\":{\"user_context\":"
                + "{\"action\":\"accept\",\"content\":{\"context\":\"tests\"}}}", ALL_CAPABILITIES));
        assertEquals("complete", done.get("resultType"));
        assertTrue(done.toString().contains("Answer with this context in mind: tests"), done::toString);
    }

    @Test
    void theSameHandlersAskTheClientThemselvesInAStatefulSession() {
        NdjsonClient client = SERVER.connect().onServerRequest((method, params) -> switch (method) {
            case "elicitation/create" -> Map.of("action", "accept", "content",
                    Map.of("name", "Ada", "ok", true, "color", "green", "context", "legacy"));
            case "sampling/createMessage" -> Map.of("role", "assistant", "model", "m",
                    "content", Map.of("type", "text", "text", "Hi"));
            default -> Map.of("roots", List.of(Map.of("uri", "file:///r", "name", "r")));
        });
        client.initialize(ALL_CAPABILITIES);
        assertEquals("Hello, Ada!", text(client.result("tools/call", "{\"name\":\"test_input_required_result_elicitation\"}")));
        assertEquals("Ada likes green", text(client.result("tools/call", "{\"name\":\"test_input_required_result_multi_round\"}")));
        assertTrue(text(client.result("tools/call", "{\"name\":\"test_input_required_result_multiple_inputs\"}"))
                .startsWith("Got everything: name=Ada, greeting=Hi"));
        assertTrue(client.result("prompts/get", "{\"name\":\"test_input_required_result_prompt\"}").toString()
                .contains("context in mind: legacy"));
        // One elicitation each, two for the two rounds of multi_round: the server asked them all itself.
        assertEquals(5, client.received().stream().filter(m -> "elicitation/create".equals(m.get("method"))).count());
    }

    @Test
    void stateSealedWithThePreviousKeyOpensDuringARotationOnly() throws Exception {
        String call = "\"name\":\"test_input_required_result_request_state\"";
        String answer = ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";
        String state;
        try (TachyonServer old = server(KEY_A, null, Duration.ofMinutes(1));
                NdjsonClient client = NdjsonClient.connect(old.tcpAddress())) {
            state = (String) client.result("tools/call", params(call, ALL_CAPABILITIES)).get("requestState");
        }
        try (TachyonServer rotating = server(KEY_B, KEY_A, Duration.ofMinutes(1));
                NdjsonClient client = NdjsonClient.connect(rotating.tcpAddress())) {
            assertTrue(text(client.result("tools/call", params(call + answer + ",\"requestState\":\"" + state + "\"",
                    ALL_CAPABILITIES))).startsWith("state-ok"));
        }
        try (TachyonServer rotated = server(KEY_B, null, Duration.ofMinutes(1));
                NdjsonClient client = NdjsonClient.connect(rotated.tcpAddress())) {
            assertEquals(-32602L, retry(client, call + answer, state).get("code"));
        }
    }

    @Test
    void expiredStateIsRefused() throws Exception {
        String call = "\"name\":\"test_input_required_result_request_state\"";
        try (TachyonServer shortLived = server(KEY_A, null, Duration.ofMillis(1));
                NdjsonClient client = NdjsonClient.connect(shortLived.tcpAddress())) {
            String state = (String) client.result("tools/call", params(call, ALL_CAPABILITIES)).get("requestState");
            Thread.sleep(20);
            Map<String, Object> error = retry(client, call, state);
            assertEquals(-32602L, error.get("code"));
            assertTrue(String.valueOf(error.get("message")).contains("expired"), error::toString);
        }
    }

    private static TachyonServer server(byte[] key, byte[] previous, Duration ttl) throws InterruptedException {
        return ConformanceFixture.register(TachyonServer.builder().tcp("127.0.0.1", 0).ioThreads(1).drainMillis(500)
                .settings(EngineSettings.builder().requestStateKeys(key, previous).requestStateTtl(ttl).build()))
                .build().start();
    }

    private static Map<String, Object> retry(NdjsonClient client, String members, String state) {
        return client.error("tools/call", params(members + ",\"requestState\":\"" + state + "\"", ALL_CAPABILITIES));
    }

    @SuppressWarnings("unchecked")
    private static String text(Map<String, Object> result) {
        return (String) ((Map<String, Object>) ((List<Object>) result.get("content")).get(0)).get("text");
    }
}
