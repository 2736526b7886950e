package termhost.daemon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon's packages as the compiled classes use them (read by the JDK's jdeps, so every
 * reference counts, not only import lines): dependencies run one way, down the layers below, with
 * no cycle; the daemon never uses the command-line client; only a few packages touch MINA, JNA
 * and JDBC (the stores: the farm's directory too is reached through an interface of {@code store}). A new package must be given a layer here before it can exist.
 */
class LayeringTest {
    private static final String D = "termhost.daemon";

    /** Bottom first: a package may use its own layer's packages' code never, lower layers' always. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("os", "audit", "log"),
            Set.of("process", "store", "forward"),
            Set.of("terminal", "policy", "store.jdbc"),
            Set.of("config", "store.sqlite", "store.postgresql"),
            Set.of("session"),
            Set.of("authz"),
            Set.of("farm"),
            Set.of("admin"),
            Set.of("control", "transport.ssh"),
            Set.of(""));

    /** Package → the packages it uses (daemon packages by short name, others in full). */
    private static Map<String, Set<String>> uses;
    /** The daemon's own packages, by short name. */
    private static Set<String> daemonPackages;

    @BeforeAll
    static void readCompiledClasses() {
        Path classes = Path.of("target/classes");
        assertThat(classes).as("the daemon's compiled classes").isDirectory();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertThat(rc).as(out.toString()).isZero();
        uses = new TreeMap<>();
        daemonPackages = new TreeSet<>();
        for (String line : out.toString().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(D)) {
                uses.computeIfAbsent(shortName(f[0]), k -> new TreeSet<>()).add(shortName(f[2]));
                daemonPackages.add(shortName(f[0]));
                if (f[2].equals(D) || f[2].startsWith(D + ".")) {
                    daemonPackages.add(shortName(f[2]));
                }
            }
        }
    }

    /** {@code termhost.daemon.store.sqlite} → {@code store.sqlite}; the root package → ""; others as they are. */
    private static String shortName(String pkg) {
        if (pkg.equals(D)) {
            return "";
        }
        return pkg.startsWith(D + ".") ? pkg.substring(D.length() + 1) : pkg;
    }

    private static boolean isDaemon(String name) {
        return daemonPackages.contains(name);
    }

    @Test
    void theScanSeesTheClasses() {
        // guards the tests below against passing because they read nothing
        assertThat(uses).containsKeys("", "session", "admin", "transport.ssh");
        assertThat(uses.get("transport.ssh")).contains("session", "org.apache.sshd.server");
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> placed = new TreeSet<>();
        LAYERS.forEach(placed::addAll);
        assertThat(placed).containsAll(uses.keySet());
    }

    @Test
    void dependenciesRunDownTheLayersOnly() {
        List<String> wrong = new ArrayList<>();
        uses.forEach((from, targets) -> {
            int own = layerOf(from);
            for (String to : targets) {
                if (!to.equals(from) && isDaemon(to) && layerOf(to) >= own) {
                    wrong.add(label(from) + " -> " + label(to));
                }
            }
        });
        assertThat(wrong).as("arrows that do not run down the layers").isEmpty();
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        uses.forEach((from, to) -> graph.put(from, to.stream().filter(t -> !t.equals(from) && uses.containsKey(t))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))));
        assertThat(cycle(graph)).as("a cycle of packages").isEmpty();
    }

    @Test
    void theDaemonNeverUsesTheCommandLineClient() {
        assertThat(offenders(t -> t.startsWith("termhost.cli"))).isEmpty();
    }

    @Test
    void onlyTheSshTransportUsesMina() {
        assertThat(offenders(t -> t.startsWith("org.apache.sshd"))).containsOnlyKeys("transport.ssh");
    }

    @Test
    void onlyOsAndTheControlSocketBindNativeCode() {
        assertThat(offenders(t -> t.startsWith("com.sun.jna"))).containsOnlyKeys("os", "control", "terminal");
    }

    @Test
    void onlyTheStoresUseJdbc() {
        assertThat(offenders(t -> t.equals("java.sql"))).containsOnlyKeys("store.jdbc", "store.sqlite",
                "store.postgresql");
    }

    private static Map<String, Set<String>> offenders(java.util.function.Predicate<String> target) {
        Map<String, Set<String>> found = new TreeMap<>();
        uses.forEach((from, targets) -> targets.stream().filter(target)
                .forEach(t -> found.computeIfAbsent(from, k -> new TreeSet<>()).add(t)));
        return found;
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + label(pkg) + " has no layer in LayeringTest.LAYERS");
    }

    private static String label(String shortName) {
        return shortName.isEmpty() ? D : D + "." + shortName;
    }

    /** One cycle of {@code graph} as a path (first node repeated at the end), or empty. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        List<String> path = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle.stream().map(LayeringTest::label).toList();
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    @Test
    void theCycleFinderFindsACycle() {
        // the check above is only as good as this search
        Map<String, Set<String>> g = new LinkedHashMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a"));
        g.put("d", Set.of("a"));
        assertThat(cycle(g)).containsExactly(label("a"), label("b"), label("c"), label("a"));
        g.put("c", Set.of());
        assertThat(cycle(g)).isEmpty();
        assertThat(Files.exists(Path.of("target/classes"))).isTrue();
    }
}
