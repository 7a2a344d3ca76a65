package dev.tachyon.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6570 URI template, used in reverse: does a URI match it, and with which variables?
 *
 * <p>Supports the expressions MCP servers use: {@code {var}} (one segment, no {@code / ? #}),
 * {@code {+var}} and {@code {#var}} (reserved: may span segments), {@code {/var}},
 * {@code {.var}}, and {@code {?a,b}} / {@code {&a}} query parameters (each optional). Values are
 * percent-decoded. Immutable and thread-safe.
 */
public final class UriTemplate {

    private static final Pattern EXPRESSION = Pattern.compile("\\{([+#./?&]?)([A-Za-z0-9_.,%*:]+)}");

    private final String template;
    private final Pattern pattern;
    private final List<String> pathVariables;
    private final List<String> queryVariables;

    private UriTemplate(String template, Pattern pattern, List<String> pathVariables, List<String> queryVariables) {
        this.template = template;
        this.pattern = pattern;
        this.pathVariables = pathVariables;
        this.queryVariables = queryVariables;
    }

    /**
     * Compiles a template.
     *
     * @throws IllegalArgumentException for unbalanced braces or an unsupported expression
     */
    public static UriTemplate parse(String template) {
        StringBuilder regex = new StringBuilder();
        List<String> path = new ArrayList<>();
        List<String> query = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(template);
        int last = 0;
        while (m.find()) {
            literal(regex, template.substring(last, m.start()));
            String op = m.group(1);
            String[] names = m.group(2).split(",");
            switch (op) {
                case "":
                    variables(regex, names, path, "", "([^/?#]+)", ",");
                    break;
                case "+":
                    variables(regex, names, path, "", "([^?#]+)", ",");
                    break;
                case "#":
                    variables(regex, names, path, "#", "(.+)", ",");
                    break;
                case "/":
                    variables(regex, names, path, "/", "([^/?#]+)", "/");
                    break;
                case ".":
                    variables(regex, names, path, "\\.", "([^/?#.]+)", "\\.");
                    break;
                default: // "?" and "&": optional query parameters, parsed after matching
                    Collections.addAll(query, names);
                    regex.append("(?:[?&](.*))?");
                    break;
            }
            last = m.end();
        }
        String rest = template.substring(last);
        String literalsOnly = EXPRESSION.matcher(template).replaceAll("");
        if (literalsOnly.indexOf('{') >= 0 || literalsOnly.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unsupported or unbalanced URI template: " + template);
        }
        literal(regex, rest);
        return new UriTemplate(template, Pattern.compile(regex.toString()), List.copyOf(path), List.copyOf(query));
    }

    /** The template text. */
    public String template() {
        return template;
    }

    /** The names of all variables, path ones first. */
    public List<String> variableNames() {
        List<String> all = new ArrayList<>(pathVariables);
        all.addAll(queryVariables);
        return all;
    }

    /** The variables {@code uri} binds, or null when it does not match. */
    public Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        int group = 1;
        for (String name : pathVariables) {
            values.put(name, decode(m.group(group++)));
        }
        if (!queryVariables.isEmpty()) {
            String q = m.group(group);
            if (q != null) {
                for (String pair : q.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    if (queryVariables.contains(key)) {
                        values.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
                    }
                }
            }
        }
        return values;
    }

    private static void variables(StringBuilder regex, String[] names, List<String> into,
            String prefix, String valuePattern, String separator) {
        regex.append(prefix);
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                regex.append(separator);
            }
            regex.append(valuePattern);
            into.add(names[i].replaceAll("[*:].*$", ""));
        }
    }

    private static void literal(StringBuilder regex, String text) {
        if (!text.isEmpty()) {
            regex.append(Pattern.quote(text));
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // not valid percent-encoding: keep the text as sent
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
