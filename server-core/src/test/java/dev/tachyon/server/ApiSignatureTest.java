package dev.tachyon.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public API of tachyon-core, checked against the committed signature file
 * {@code server-core/api/tachyon-core.api}, so that a public change is a conscious one.
 *
 * <p>The API is every public type of {@code dev.tachyon.api} and {@code dev.tachyon.server} and,
 * transitively, every Tachyon type their public or protected members name (the settings an
 * embedder passes to the builder, their builders, ...): one line per type and per member.
 * To accept a change, run {@value #ACCEPT} and commit the file.
 */
class ApiSignatureTest {

    static final String ACCEPT = "mvn -o -pl server-core -am test -Dtest=ApiSignatureTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dapi.accept=true";
    private static final String[] ROOTS = {"dev.tachyon.api", "dev.tachyon.server"};

    @Test
    void thePublicApiIsTheCommittedOne() throws IOException {
        Path file = signatureFile();
        List<String> now = signature();
        if (Boolean.getBoolean("api.accept")) {
            Files.write(file, now, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; create it with: " + ACCEPT);
        List<String> committed = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!committed.equals(now)) {
            Set<String> removed = new TreeSet<>(committed);
            now.forEach(removed::remove);
            Set<String> added = new TreeSet<>(now);
            committed.forEach(added::remove);
            StringBuilder message = new StringBuilder("the public API of tachyon-core changed (").append(file)
                    .append(").\nRemoved:\n");
            removed.forEach(line -> message.append("  - ").append(line).append('\n'));
            message.append("Added:\n");
            added.forEach(line -> message.append("  + ").append(line).append('\n'));
            message.append("If the change is intended (a removal or change breaks embedders: say so in the commit),"
                    + " accept it with\n  ").append(ACCEPT).append("\nand commit ").append(file.getFileName());
            fail(message.toString());
        }
    }

    /** {@code server-core/api/tachyon-core.api}, wherever the test runs from. */
    private static Path signatureFile() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Paths.get(basedir).toAbsolutePath().resolve(Paths.get("api", "tachyon-core.api"));
    }

    /** The API's lines, sorted. */
    static List<String> signature() {
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOTS)) {
            if (List.of(ROOTS).contains(type.getPackageName())) {
                todo.add(type.reflect());
            }
        }
        Set<Class<?>> seen = new java.util.HashSet<>();
        Set<String> lines = new TreeSet<>();
        while (!todo.isEmpty()) {
            Class<?> type = todo.poll();
            if (!isApi(type) || !seen.add(type)) {
                continue;
            }
            lines.add(describe(type));
            List<Type> named = new ArrayList<>();
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers()) && !c.isSynthetic()) {
                    lines.add(type.getName() + " | " + c.toGenericString());
                    named.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(type.getName() + " | " + m.toGenericString());
                    named.add(m.getGenericReturnType());
                    named.addAll(List.of(m.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(type.getName() + " | " + f.toGenericString());
                    named.add(f.getGenericType());
                }
            }
            named.add(type.getGenericSuperclass());
            named.addAll(List.of(type.getGenericInterfaces()));
            named.addAll(List.of(type.getDeclaredClasses()));
            for (Type t : named) {
                collect(t, todo);
            }
        }
        return new ArrayList<>(lines);
    }

    private static boolean isApi(Class<?> type) {
        return type.getName().startsWith("dev.tachyon.") && Modifier.isPublic(type.getModifiers())
                && !type.isSynthetic() && !type.isAnonymousClass();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String describe(Class<?> type) {
        StringBuilder line = new StringBuilder(type.getName()).append(" | ")
                .append(Modifier.toString(type.getModifiers() & ~Modifier.STATIC)).append(' ')
                .append(type.isInterface() ? "interface" : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class");
        if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
                && !type.isRecord()) {
            line.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        for (Type i : type.getGenericInterfaces()) {
            line.append(" implements ").append(i.getTypeName());
        }
        return line.toString();
    }

    private static void collect(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            todo.add(c);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, todo);
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, todo);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, todo);
            }
        } else if (t instanceof java.lang.reflect.GenericArrayType g) {
            collect(g.getGenericComponentType(), todo);
        }
    }
}
