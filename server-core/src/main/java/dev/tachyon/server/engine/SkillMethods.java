package dev.tachyon.server.engine;

import dev.tachyon.api.McpException;
import dev.tachyon.codec.ErrorCodes;
import dev.tachyon.server.skills.SkillSet;
import java.util.Map;

/**
 * The skills extension's methods (SEP-2640): {@code skills/list}, {@code skills/get} and
 * {@code resources/directory/read}, answered inline from the pre-encoded {@link SkillSet}.
 * Without skills the extension is not declared and the methods are not found ({@code -32601}).
 */
final class SkillMethods {

    private final Catalogs catalogs;
    private final SessionLimits limits;

    SkillMethods(Catalogs catalogs, SessionLimits limits) {
        this.catalogs = catalogs;
        this.limits = limits;
    }

    /** Every skill in one page: the set is bounded, and an entry is never split across pages. */
    void list(Request request) {
        SkillSet skills = served(request);
        if (Params.optionalString(request.params(), "cursor") != null) {
            throw McpException.invalidParams("Invalid cursor"); // no cursor was ever issued
        }
        request.result(skills::writeList);
    }

    /** The entry of the skill whose SKILL.md is {@code uri}; an unknown uri is {@code -32602}. */
    void get(Request request) {
        SkillSet skills = served(request);
        String uri = uri(request);
        if (!skills.hasSkill(uri)) {
            throw unknown(uri, "Skill not found");
        }
        request.result(out -> skills.writeGet(out, uri));
    }

    /** The direct children of a skill directory; a uri that is no such directory is {@code -32602}. */
    void readDirectory(Request request) {
        SkillSet skills = served(request);
        String uri = uri(request);
        if (!skills.isDirectory(uri)) {
            throw unknown(uri, "Not a directory of a skill");
        }
        request.result(out -> skills.writeDirectory(out, uri));
    }

    private SkillSet served(Request request) {
        SkillSet skills = catalogs.skills();
        if (skills.isEmpty()) {
            throw new McpException(ErrorCodes.METHOD_NOT_FOUND, "Method not found",
                    Map.of("method", request.method.methodName()));
        }
        return skills;
    }

    private String uri(Request request) {
        String uri = Params.requireString(request.params(), "uri");
        limits.checkUri(uri);
        return uri;
    }

    private static McpException unknown(String uri, String message) {
        return new McpException(ErrorCodes.INVALID_PARAMS, message, Map.of("uri", uri));
    }
}
