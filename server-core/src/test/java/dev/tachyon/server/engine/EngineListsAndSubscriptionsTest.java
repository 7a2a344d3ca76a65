package dev.tachyon.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tachyon.api.Tool;
import dev.tachyon.server.testing.EngineHarness;
import dev.tachyon.server.testing.EngineSession;
import dev.tachyon.server.testing.TestCatalog;
import dev.tachyon.server.testing.TestJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lists (pagination), resources, prompts, completions, subscriptions and list changes on the engine alone. */
class EngineListsAndSubscriptionsTest {

    @RegisterExtension
    final EngineHarness harness = EngineHarness.start();
    private final EngineSession session = harness.initialized("{}");

    @Test
    void toolsListIsPagedByCursorAndCoversTheCatalogOnce() {
        Map<String, Object> first = session.result("tools/list", null);
        List<Object> page1 = TestJson.list(first.get("tools"), "tools");
        assertEquals(TestCatalog.PAGE_SIZE, page1.size());
        assertTrue(first.get("nextCursor") instanceof String, "a full page names the next: " + first);

        Map<String, Object> second = session.result("tools/list", "{\"cursor\":" + TestJson.write(first.get("nextCursor")) + "}");
        List<Object> page2 = TestJson.list(second.get("tools"), "tools");
        assertNull(second.get("nextCursor"), "the last page names none");

        List<String> names = new ArrayList<>();
        for (Object tool : page1) {
            names.add((String) TestJson.map(tool, "tool").get("name"));
        }
        for (Object tool : page2) {
            names.add((String) TestJson.map(tool, "tool").get("name"));
        }
        assertEquals(new TestCatalog().tools().stream().map(Tool::name).toList(), names);
    }

    @Test
    void aCursorTheServerDidNotIssueIsInvalidParams() {
        assertEquals(-32602L, session.error("tools/list", "{\"cursor\":\"not-a-cursor\"}").get("code"));
    }

    @Test
    void resourcesTemplatesAndPromptsAreServed() {
        List<Object> resources = TestJson.list(session.result("resources/list", null).get("resources"), "resources");
        assertEquals(TestCatalog.RESOURCE_URI, TestJson.map(resources.get(0), "resource").get("uri"));

        Map<String, Object> read = session.result("resources/read", "{\"uri\":\"test://a\"}");
        assertEquals("alpha", TestJson.map(TestJson.list(read.get("contents"), "contents").get(0), "c").get("text"));

        Map<String, Object> item = session.result("resources/read", "{\"uri\":\"test://items/7\"}");
        assertEquals("item 7", TestJson.map(TestJson.list(item.get("contents"), "contents").get(0), "c").get("text"));

        assertEquals(-32002L, session.error("resources/read", "{\"uri\":\"test://missing\"}").get("code"));

        Map<String, Object> prompt = session.result("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}}");
        Map<String, Object> message = TestJson.map(TestJson.list(prompt.get("messages"), "messages").get(0), "message");
        assertEquals("Hello Ada", TestJson.map(message.get("content"), "content").get("text"));
        assertEquals(-32602L, session.error("prompts/get", "{\"name\":\"greet\",\"arguments\":{}}").get("code"),
                "a required argument is missing");
    }

    @Test
    void completionsComeFromTheCompleter() {
        Map<String, Object> result = session.result("completion/complete",
                "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"name\",\"value\":\"A\"}}");
        assertEquals(List.of("Ada", "Alan"), TestJson.map(result.get("completion"), "completion").get("values"));
    }

    @Test
    void aSubscriberIsToldOfUpdatesUntilItUnsubscribes() {
        EngineSession other = harness.open();
        other.initialize("{}");
        session.result("resources/subscribe", "{\"uri\":\"test://a\"}");
        assertEquals(1, harness.engine().subscribedUriCount());

        harness.engine().resourceUpdated("test://a");

        List<Map<String, Object>> updates = session.awaitNotifications("notifications/resources/updated", 1);
        assertEquals(Map.of("uri", "test://a"), updates.get(0).get("params"));
        other.drain();
        assertTrue(other.notifications("notifications/resources/updated").isEmpty(), "only subscribers are told");

        session.result("resources/unsubscribe", "{\"uri\":\"test://a\"}");
        assertEquals(0, harness.engine().subscribedUriCount());
        harness.engine().resourceUpdated("test://a");
        session.drain();
        assertEquals(1, session.notifications("notifications/resources/updated").size());
    }

    @Test
    void aClosedSessionsSubscriptionsAreDropped() {
        session.result("resources/subscribe", "{\"uri\":\"test://a\"}");

        session.close();

        assertEquals(0, harness.engine().subscribedUriCount());
    }

    @Test
    void addingAToolTellsEverySessionTheListChanged() {
        harness.engine().catalogs().tools().put(Tool.builder("late").description("added later")
                .inline((call, out) -> out.text("late")).build());

        session.awaitNotifications("notifications/tools/list_changed", 1);
        assertFalse(session.notifications("notifications/tools/list_changed").isEmpty());
        assertEquals("late", EngineToolsTest.text(session.result("tools/call", "{\"name\":\"late\",\"arguments\":{}}")));
    }
}
