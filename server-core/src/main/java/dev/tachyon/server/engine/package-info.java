/**
 * The MCP engine: takes one JSON-RPC message at a time from any transport, answers it through
 * the session's {@link dev.tachyon.server.engine.Outbound}, and keeps the protocol's state. It
 * knows the user's model ({@code dev.tachyon.api}) and the codec; it never knows a transport
 * (an architecture test holds it to that).
 *
 * <h2>Map</h2>
 * <table>
 *   <caption>The engine's classes by what they do</caption>
 *   <tr><th>concern</th><th>classes</th></tr>
 *   <tr><td>way in and out</td>
 *       <td>{@link dev.tachyon.server.engine.McpEngine} (opens sessions, scans a message once, routes it by
 *       method), {@link dev.tachyon.server.engine.Inbound} (a scanned message: what a transport that routes
 *       by the message reads and hands on, and the errors for unreadable ones),
 *       {@link dev.tachyon.server.engine.Outbound} (the seam to a transport),
 *       {@link dev.tachyon.server.engine.TransportKind} (which transport a session came on),
 *       {@link dev.tachyon.server.engine.MessageScratch} (per-thread scratch for one message),
 *       {@link dev.tachyon.server.engine.MessageHeaders} and {@link dev.tachyon.server.engine.HeaderMirror}
 *       (what a transport carries beside the body, checked against it)</td></tr>
 *   <tr><td>one request</td>
 *       <td>{@link dev.tachyon.server.engine.Request} (its id, params, exactly one answer),
 *       {@link dev.tachyon.server.engine.Params} and {@link dev.tachyon.server.engine.Decoding} (reading
 *       params with -32602 when wrong), {@link dev.tachyon.server.engine.FrameArguments} (tool arguments
 *       read in place from the frame, or decoded; the base of the call's context), {@link dev.tachyon.server.engine.Offload} (blocking work on the
 *       {@link dev.tachyon.server.engine.WorkerPool}, answered back on the session's executor),
 *       {@link dev.tachyon.server.engine.PreEncoded} (a blocking result encoded on its worker),
 *       {@link dev.tachyon.server.engine.HandlerFailure} (the one mapping of a thrown exception to its
 *       answer, inline and blocking, tools and the rest)</td></tr>
 *   <tr><td>sessions and revisions</td>
 *       <td>{@link dev.tachyon.server.engine.McpSession} (state between messages; its
 *       {@link dev.tachyon.server.engine.McpSession.RevisionScope} says which revisions it speaks),
 *       {@link dev.tachyon.server.engine.Lifecycle} (initialize, version negotiation, server/discover),
 *       {@link dev.tachyon.server.engine.StatelessRules} and {@link dev.tachyon.server.engine.RequestMeta}
 *       (2026-07-28 admission and per-request {@code _meta}), {@link dev.tachyon.server.engine.ResultShape}
 *       (2026-07-28 result members), {@link dev.tachyon.server.engine.SessionLimits} (per-session
 *       bounds)</td></tr>
 *   <tr><td>methods</td>
 *       <td>{@link dev.tachyon.server.engine.ToolMethods} (tools/call, with
 *       {@link dev.tachyon.server.engine.ToolCallContext}, {@link dev.tachyon.server.engine.CircuitBreakers}),
 *       {@link dev.tachyon.server.engine.ResourceMethods}, {@link dev.tachyon.server.engine.PromptMethods},
 *       {@link dev.tachyon.server.engine.Completions}, {@link dev.tachyon.server.engine.Listeners}
 *       (subscriptions/listen), {@link dev.tachyon.server.engine.SkillMethods} (the skills extension:
 *       skills/list, skills/get, resources/directory/read)</td></tr>
 *   <tr><td>input required (multi-round requests)</td>
 *       <td>{@link dev.tachyon.server.engine.InputRounds}, {@link dev.tachyon.server.engine.Inputs},
 *       {@link dev.tachyon.server.engine.RequestRound}, {@link dev.tachyon.server.engine.RoundContext}, {@link dev.tachyon.server.engine.CallContext},
 *       {@link dev.tachyon.server.engine.RequestState} (sealed state carried by the client),
 *       {@link dev.tachyon.server.engine.ClientRequests} and {@link dev.tachyon.server.engine.ClientRequest}
 *       (server-to-client requests of the stateful revisions)</td></tr>
 *   <tr><td>tasks (the 2026-07-28 extension and the experimental tasks of 2025-11-25 sessions)</td>
 *       <td>{@link dev.tachyon.server.engine.TaskMethods} (when a call becomes a task; tasks/get, update,
 *       cancel), {@link dev.tachyon.server.engine.SessionTaskMethods} (2025-11-25: tasks/get, result,
 *       list, cancel, status notifications), {@link dev.tachyon.server.engine.SessionTaskRelay} (a
 *       2025-11-25 task asking its client), {@link dev.tachyon.server.engine.ListenTasks} (task status
 *       on listen streams), {@link dev.tachyon.server.engine.TaskRun} (a round of a task's work on a
 *       worker), {@link dev.tachyon.server.engine.TaskToolCall} (what its handler sees),
 *       {@link dev.tachyon.server.engine.TaskJson} (a task on the wire, in both revisions); the store is
 *       {@link dev.tachyon.server.tasks.TaskStore}</td></tr>
 *   <tr><td>catalogs and change</td>
 *       <td>{@link dev.tachyon.server.engine.Catalogs} (the four catalogs, sessions, subscriptions),
 *       {@link dev.tachyon.server.engine.ToolCatalog}, {@link dev.tachyon.server.engine.ToolEntry} and
 *       {@link dev.tachyon.server.engine.ToolsByName} (tools as the engine keeps them),
 *       {@link dev.tachyon.server.engine.LiveCatalog} (what handlers change at run time),
 *       {@link dev.tachyon.server.engine.ListChanged} and {@link dev.tachyon.server.engine.Notifications}
 *       (telling sessions)</td></tr>
 *   <tr><td>encoding</td>
 *       <td>{@link dev.tachyon.server.engine.ModelJson} (the model's JSON),
 *       {@link dev.tachyon.server.engine.ContentArrayWriter} (a tool result as its handler writes it),
 *       {@link dev.tachyon.server.engine.ResponseStream} (a large result sent in parts as it is written)</td></tr>
 *   <tr><td>settings and observation</td>
 *       <td>{@link dev.tachyon.server.engine.EngineSettings}, {@link dev.tachyon.server.engine.EngineObserver}
 *       (what metrics and traces hear), {@link dev.tachyon.server.engine.CircuitBreaker}</td></tr>
 * </table>
 *
 * <h2>Threads</h2>
 * Every call for a session runs on that session's executor (its connection's event loop), so a
 * session's state needs no lock. Blocking handlers run on the worker pool and come back to the
 * executor to answer. Nothing here blocks an event loop.
 */
package dev.tachyon.server.engine;
