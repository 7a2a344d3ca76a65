package dev.tachyon.server.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it.
 *
 * <p>The loader collects all problems before throwing, so an operator fixes a file in one pass
 * rather than one error per restart. The message lists each problem on its own line.
 */
public final class TachyonConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    /**
     * @param problems what is wrong; must not be empty
     */
    public TachyonConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in the order the loader looks: the file's syntax, environment
     * variables, system properties, unknown keys in the file, then values key by key.
     */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        StringBuilder text = new StringBuilder("invalid configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (ConfigProblem problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }
}
