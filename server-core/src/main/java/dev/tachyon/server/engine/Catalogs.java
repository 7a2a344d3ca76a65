package dev.tachyon.server.engine;

import dev.tachyon.api.Prompt;
import dev.tachyon.api.Resource;
import dev.tachyon.api.ResourceTemplate;
import dev.tachyon.registry.Catalog;
import dev.tachyon.registry.SubscriptionRegistry;
import dev.tachyon.server.skills.SkillSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the server offers and everyone it serves: the four catalogs, the open sessions,
 * and resource subscriptions. Shared by all event loops; each part is safe for concurrent use.
 */
public final class Catalogs {

    private final ToolCatalog tools;
    private final Catalog<Resource> resources;
    private final Catalog<ResourceTemplate> templates;
    private final Catalog<Prompt> prompts;
    // ConcurrentHashMap, not a hand-written lock-striped map: RegistryLookupBenchmark measured
    // its lock-free reads ahead (benchmarks/RESULTS.md), and every HTTP request reads it.
    private final ConcurrentHashMap<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final SubscriptionRegistry<McpSession> subscriptions = new SubscriptionRegistry<>();

    /** What the skills extension serves; none until the server is built with skills. */
    private volatile SkillSet skills = SkillSet.NONE;

    /** @param pageSize items per list page */
    public Catalogs(int pageSize) {
        this.tools = new ToolCatalog(pageSize);
        this.resources = new Catalog<>("resources", pageSize, Resource::uri, ModelJson::resource);
        this.templates = new Catalog<>("resourceTemplates", pageSize, t -> t.uriTemplate().template(),
                ModelJson::template);
        this.prompts = new Catalog<>("prompts", pageSize, Prompt::name, ModelJson::prompt);
    }

    public ToolCatalog tools() {
        return tools;
    }

    public Catalog<Resource> resources() {
        return resources;
    }

    public Catalog<ResourceTemplate> templates() {
        return templates;
    }

    public Catalog<Prompt> prompts() {
        return prompts;
    }

    /** The skills served by the skills extension ({@link SkillSet#NONE}: the extension is off). */
    public SkillSet skills() {
        return skills;
    }

    /**
     * Serves {@code value} through the skills extension: its files become resources of this
     * catalog, and the extension is declared when {@code value} is not empty. Called once,
     * while the server is built.
     */
    public void skills(SkillSet value) {
        this.skills = java.util.Objects.requireNonNull(value, "skills");
        resources.putAll(value.resources());
    }

    /** Open sessions by id. */
    public ConcurrentHashMap<String, McpSession> sessions() {
        return sessions;
    }

    SubscriptionRegistry<McpSession> subscriptions() {
        return subscriptions;
    }
}
