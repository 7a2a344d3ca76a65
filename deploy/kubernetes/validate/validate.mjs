// Validates a rendered Kubernetes manifest stream (`kubectl kustomize ...`) offline:
//   node validate.mjs RENDERED.yaml VM_TUNING_PROFILES_DIR
// 1. every object against the Kubernetes API schema of its kind (kubernetes-models);
// 2. the facts Tachyon's deployment relies on (see README, "Kubernetes").
// Prints one line per problem and exits 1 if there is any; else one summary line, exit 0.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const [renderedPath, profilesDir] = process.argv.slice(2);
if (!renderedPath || !profilesDir) {
    console.error("usage: node validate.mjs RENDERED.yaml VM_TUNING_PROFILES_DIR");
    process.exit(2);
}

const problems = [];
const check = (ok, message) => {
    if (!ok) problems.push(message);
};

// --- 1. schemas -----------------------------------------------------------------------
const objects = [];
for (const doc of parseAllDocuments(readFileSync(renderedPath, "utf8"))) {
    if (doc.errors.length > 0) {
        problems.push(`YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
        continue;
    }
    const object = doc.toJS();
    if (object !== null) objects.push(object);
}
for (const object of objects) {
    const what = `${object.kind}/${object.metadata?.name}`;
    let Model;
    try {
        // kubernetes-models lays out one module per kind under its apiVersion ("v1" for core).
        Model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
    } catch (e) {
        problems.push(`${what}: no schema for apiVersion ${object.apiVersion} kind ${object.kind}`);
        continue;
    }
    try {
        new Model(object).validate();
    } catch (e) {
        problems.push(`${what}: ${e.message}`);
    }
}

// --- 2. facts -------------------------------------------------------------------------
const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const selects = (selector, labels) =>
    Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
const seconds = (text) => {
    const m = /^(\d+)(ms|s|m)$/.exec(String(text));
    if (!m) return NaN;
    return Number(m[1]) * { ms: 0.001, s: 1, m: 60 }[m[2]];
};
const mebibytes = (text) => {
    const m = /^(\d+)([kKmMgG]?)(i?)$/.exec(String(text).replace(/^-X(mx|ss)|^-XX:\w+=/, ""));
    if (!m) return NaN;
    const unit = { "": 1 / (1024 * 1024), k: 1 / 1024, K: 1 / 1024, m: 1, M: 1, g: 1024, G: 1024 }[m[2]];
    return Number(m[1]) * unit;
};

const server = find("StatefulSet", "tachyon");
check(server, "no StatefulSet tachyon");
const balancer = find("Deployment", "tachyon-haproxy");
check(balancer, "no Deployment tachyon-haproxy");
if (server && balancer) {
    const pod = server.spec.template.spec;
    const podLabels = server.spec.template.metadata.labels;
    const container = pod.containers.find((c) => c.name === "tachyon");
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e]));
    const port = (name) => container.ports.find((p) => p.name === name || p.containerPort === name)?.containerPort;
    const admin = port("admin");

    // Stable node ids: the pod name.
    check(env.TACHYON_CLUSTER_NODE_ID?.valueFrom?.fieldRef?.fieldPath === "metadata.name",
        "TACHYON_CLUSTER_NODE_ID is not the pod name (downward API metadata.name)");
    const headless = find("Service", server.spec.serviceName);
    check(headless?.spec?.clusterIP === "None", `serviceName ${server.spec.serviceName} is not a headless Service`);
    check(headless?.spec?.selector && Object.entries(headless.spec.selector).every(([k, v]) => podLabels[k] === v),
        "the headless Service does not select the instances");

    // Probes on the admin port.
    const probe = (p, path) => p?.httpGet?.path === path && port(p.httpGet.port) === admin;
    check(probe(container.readinessProbe, "/ready"), "readinessProbe is not GET /ready on the admin port");
    check(probe(container.livenessProbe, "/health"), "livenessProbe is not GET /health on the admin port");

    // Drain fits in the grace period.
    const readyDelay = seconds(env.TACHYON_SHUTDOWN_READY_DELAY?.value ?? "5s");
    const drain = seconds(env.TACHYON_SHUTDOWN_DRAIN_TIMEOUT?.value ?? "10s");
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    check(grace > readyDelay + drain,
        `terminationGracePeriodSeconds ${grace} is not longer than ready-delay ${readyDelay}s + drain-timeout ${drain}s`);

    // No service links, on either kind of pod.
    check(pod.enableServiceLinks === false, "the instances' pods do not set enableServiceLinks: false");
    check(balancer.spec.template.spec.enableServiceLinks === false, "the balancer's pods do not set enableServiceLinks: false");

    // The shared key from a Secret the manifests do not carry.
    const key = env.TACHYON_PROTOCOL_REQUEST_STATE_KEY?.valueFrom?.secretKeyRef;
    check(key?.name && key?.key && key.optional !== true,
        "TACHYON_PROTOCOL_REQUEST_STATE_KEY is not a required secretKeyRef");
    check(!objects.some((o) => o.kind === "Secret" && (o.data || o.stringData)),
        "a Secret with data is rendered: no key belongs in the manifests");

    // Prometheus scrapes the admin port.
    const annotations = server.spec.template.metadata.annotations ?? {};
    check(annotations["prometheus.io/scrape"] === "true", "no prometheus.io/scrape: \"true\" on the instances' pods");
    check(Number(annotations["prometheus.io/port"]) === admin, "prometheus.io/port is not the admin port");
    check(annotations["prometheus.io/path"] === "/metrics", "prometheus.io/path is not /metrics");

    // Memory for the JVM profile the pods run: heap + direct memory + code cache + 128 MiB
    // (metaspace, thread stacks, GC structures) at least, requested and within the limit.
    const profile = env.JVM_PROFILE?.value;
    check(profile && container.args.includes("$(JVM_PROFILE)"), "the instances do not name their JVM profile");
    if (profile) {
        const flags = readFileSync(join(profilesDir, `${profile}.options`), "utf8").split("\n")
            .map((l) => l.trim().split(/\s+/).pop()).filter((f) => f.startsWith("-"));
        const flag = (prefix, fallback) => mebibytes(flags.find((f) => f.startsWith(prefix)) ?? fallback);
        const need = flag("-Xmx", "-Xmx256m") + flag("-XX:MaxDirectMemorySize=", "-XX:MaxDirectMemorySize=1g")
            + flag("-XX:ReservedCodeCacheSize=", "-XX:ReservedCodeCacheSize=240m") + 128;
        const request = mebibytes(container.resources?.requests?.memory);
        const limit = mebibytes(container.resources?.limits?.memory);
        check(request >= need, `memory request ${container.resources?.requests?.memory} is below the ${profile} profile's ${need} MiB`);
        check(limit >= request, "memory limit below the request");
        check(container.resources?.requests?.cpu, "no CPU request");
    }

    // Disruption budget and autoscaler over the instances.
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget" && selects(o.spec.selector, podLabels));
    check(pdb, "no PodDisruptionBudget selects the instances");
    const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.apiVersion === "autoscaling/v2"
        && o.spec.scaleTargetRef.kind === "StatefulSet" && o.spec.scaleTargetRef.name === server.metadata.name);
    check(hpa, "no autoscaling/v2 HorizontalPodAutoscaler scales the StatefulSet");

    // HAProxy: the generated ConfigMap it mounts, checking /ready, one server per ordinal.
    const volume = balancer.spec.template.spec.volumes.find((v) => v.configMap);
    const config = volume && find("ConfigMap", volume.configMap.name)?.data?.["haproxy.cfg"];
    check(config, "the balancer mounts no rendered ConfigMap with haproxy.cfg");
    if (config) {
        check(/uri \/ready\b/.test(config), "haproxy.cfg does not check /ready");
        check(/server-template \S+ \d+ "?tachyon-nodes\./.test(config), "haproxy.cfg does not discover the headless Service");
        const servers = [...config.matchAll(/^\s*server (tachyon-\d+) "?tachyon-\d+\.tachyon-nodes\./gm)].map((m) => m[1]);
        const routed = [...config.matchAll(/^\s*use-server (\S+) if \{ var\(txn\.node\) -m str (\S+) \}/gm)];
        check(routed.length === servers.length && routed.every(([, s, id]) => s === id && servers.includes(s)),
            "haproxy.cfg does not route each session prefix to the server of that pod");
        if (hpa) {
            const expected = Array.from({ length: hpa.spec.maxReplicas }, (_, i) => `tachyon-${i}`);
            check(expected.every((s) => servers.includes(s)),
                `haproxy.cfg lists ${servers.join(",")} but the autoscaler goes up to ${hpa.spec.maxReplicas} pods`);
        }
    }
    const front = objects.find((o) => o.kind === "Service" && o.spec.clusterIP !== "None"
        && selects({ matchLabels: o.spec.selector }, balancer.spec.template.metadata.labels));
    check(front, "no client Service selects the balancer");

    // NetworkPolicy: the instances take traffic from the balancer.
    const policy = objects.find((o) => o.kind === "NetworkPolicy" && selects(o.spec.podSelector, podLabels));
    check(policy?.spec?.ingress?.some((rule) => rule.from?.some((peer) =>
        selects(peer.podSelector, balancer.spec.template.metadata.labels))),
        "no NetworkPolicy lets the balancer reach the instances");
}

if (problems.length > 0) {
    for (const problem of problems) console.log(`PROBLEM ${problem}`);
    process.exit(1);
}
console.log(`${objects.length} objects valid (${[...new Set(objects.map((o) => o.kind))].join(", ")}); deployment facts hold`);
