package dev.tachyon.server.tcp;

import static dev.tachyon.server.testing.StatelessMeta.params;
import static dev.tachyon.server.testing.TestJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.server.fixture.ConformanceFixture;
import dev.tachyon.server.testing.NdjsonClient;
import dev.tachyon.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code subscriptions/listen} over TCP: acknowledgement first, the subscription id on every
 * notification, only the kinds asked for, several streams on one connection told apart, and
 * cancellation with {@code notifications/cancelled}.
 */
class TcpListenTest {

    @RegisterExtension
    static final TestServer SERVER = new TestServer(ConformanceFixture::register);

    @Test
    void acknowledgesFirstThenDeliversWhatWasAskedWithTheSubscriptionId() {
        NdjsonClient client = SERVER.connect();
        long id = client.nextRequestId();
        client.requestAsync("subscriptions/listen", params("\"notifications\":{\"toolsListChanged\":true,"
                + "\"promptsListChanged\":false,\"resourceSubscriptions\":[\"test://watched-resource\"]}"));
        Map<String, Object> ack = client.awaitNotifications("notifications/subscriptions/acknowledged", 1).get(0);
        Map<String, Object> ackParams = map(ack.get("params"), "params");
        assertEquals(Map.of("io.modelcontextprotocol/subscriptionId", id), ackParams.get("_meta"));
        assertEquals(Map.of("toolsListChanged", true, "resourceSubscriptions", List.of("test://watched-resource")),
                ackParams.get("notifications"));

        NdjsonClient other = SERVER.connect();
        other.result("tools/call", params("\"name\":\"test_trigger_prompt_change\""));
        other.result("tools/call", params("\"name\":\"test_trigger_tool_change\""));
        Map<String, Object> changed = client.awaitNotifications("notifications/tools/list_changed", 1).get(0);
        assertEquals(Map.of("_meta", Map.of("io.modelcontextprotocol/subscriptionId", id)), changed.get("params"));
        SERVER.server().resourceUpdated(ConformanceFixture.WATCHED_RESOURCE);
        SERVER.server().resourceUpdated("test://static-text");
        Map<String, Object> updated = client.awaitNotifications("notifications/resources/updated", 1).get(0);
        assertEquals(Map.of("_meta", Map.of("io.modelcontextprotocol/subscriptionId", id),
                "uri", ConformanceFixture.WATCHED_RESOURCE), updated.get("params"));
        assertTrue(client.notifications("notifications/prompts/list_changed").isEmpty(), "not asked for");
        assertEquals(1, client.notifications("notifications/resources/updated").size(), "only the URIs asked for");
        assertTrue(client.position(ack) < client.position(changed));
    }

    @Test
    void severalStreamsOnOneConnectionAreToldApartAndCancelledAlone() {
        NdjsonClient client = SERVER.connect();
        long tools = client.nextRequestId();
        client.requestAsync("subscriptions/listen", params("\"notifications\":{\"toolsListChanged\":true}"));
        long both = client.nextRequestId();
        client.requestAsync("subscriptions/listen", params("\"notifications\":{\"toolsListChanged\":true,"
                + "\"promptsListChanged\":true}"));
        client.awaitNotifications("notifications/subscriptions/acknowledged", 2);

        client.result("tools/call", params("\"name\":\"test_trigger_tool_change\""));
        List<Map<String, Object>> changes = client.awaitNotifications("notifications/tools/list_changed", 2);
        assertEquals(List.of(tools, both), changes.stream().map(TcpListenTest::subscription).sorted().toList());

        client.notify("notifications/cancelled", "{\"requestId\":" + tools + "}");
        client.result("tools/call", params("\"name\":\"test_trigger_prompt_change\""));
        client.result("tools/call", params("\"name\":\"test_trigger_tool_change\""));
        Map<String, Object> prompts = client.awaitNotifications("notifications/prompts/list_changed", 1).get(0);
        assertEquals(both, subscription(prompts));
        List<Map<String, Object>> after = client.awaitNotifications("notifications/tools/list_changed", 3);
        assertEquals(both, subscription(after.get(2)));
        client.result("tools/list", params("")); // answered after the deliveries queued before it (one event loop)
        assertEquals(3, client.notifications("notifications/tools/list_changed").size(),
                "the cancelled stream gets nothing more");
        assertTrue(client.received().stream().noneMatch(m -> m.containsKey("id") && !m.containsKey("method")
                && (Long.valueOf(tools).equals(m.get("id")) || Long.valueOf(both).equals(m.get("id")))),
                "a listen request is never answered while it is open, nor once cancelled");
    }

    @Test
    void aStatefulSessionStillGetsItsListChangedBesideTheStreams() {
        NdjsonClient session = SERVER.initialized("{}");
        NdjsonClient trigger = SERVER.connect();
        trigger.result("tools/call", params("\"name\":\"test_trigger_tool_change\""));
        Map<String, Object> changed = session.awaitNotifications("notifications/tools/list_changed", 1).get(0);
        assertEquals(Map.of(), changed.get("params"), "no subscription id on the stateful notification");
    }

    @Test
    void theFilterIsRequired() {
        NdjsonClient client = SERVER.connect();
        assertEquals(-32602L, client.error("subscriptions/listen", params("")).get("code"));
        assertEquals(-32602L, client.error("subscriptions/listen", params("\"notifications\":"
                + "{\"resourceSubscriptions\":\"test://watched-resource\"}")).get("code"));
    }

    private static long subscription(Map<String, Object> notification) {
        return (Long) map(map(notification.get("params"), "params").get("_meta"), "_meta")
                .get("io.modelcontextprotocol/subscriptionId");
    }
}
