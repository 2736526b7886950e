package termhost.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import termhost.api.MessageKey;

/**
 * Every text the commands or the daemon can have printed is in both bundles, and the bundles hold
 * nothing else. What can be printed is {@link MessageKey}: errors, progress events and the
 * commands' words can name nothing but its constants.
 *
 * <p>Each bundle is read on its own: through {@code ResourceBundle}, a key missing from the Russian
 * one would quietly show the English text.
 */
class MessageKeysTest {
    private static final List<String> BUNDLES = List.of("messages.properties", "messages_ru.properties");
    /** The modules whose code can print (the daemon through errors and events it sends). */
    private static final List<String> MODULES = List.of("api", "cli", "daemon");

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_ru.properties"})
    void everyKeyHasATextInTheBundle(String bundle) throws IOException {
        Properties texts = load(bundle);
        List<MessageKey> missing = Arrays.stream(MessageKey.values())
                .filter(k -> texts.getProperty(k.key(), "").isBlank()).toList();
        assertThat(missing).as("keys without a text in " + bundle).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_ru.properties"})
    void theBundleHoldsNoKeyNothingCanPrint(String bundle) throws IOException {
        Set<String> known = Arrays.stream(MessageKey.values()).map(MessageKey::key).collect(Collectors.toSet());
        Set<String> extra = new TreeSet<>(load(bundle).stringPropertyNames());
        extra.removeAll(known);
        assertThat(extra).as("texts in " + bundle + " that no MessageKey names").isEmpty();
    }

    @Test
    void bothLanguagesTakeTheSameArguments() throws IOException {
        Properties en = load(BUNDLES.get(0));
        Properties ru = load(BUNDLES.get(1));
        List<String> differ = new ArrayList<>();
        for (MessageKey k : MessageKey.values()) {
            String e = en.getProperty(k.key(), "");
            String r = ru.getProperty(k.key(), "");
            if (!arguments(e).equals(arguments(r))) {
                differ.add(k.key() + ": " + arguments(e) + " vs " + arguments(r));
            }
        }
        assertThat(differ).isEmpty();
    }

    /**
     * A lone {@code '} starts a MessageFormat quote and is not printed: "Another user's session"
     * came out as "Another users session". Every apostrophe written ({@code ''}) must be printed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_ru.properties"})
    void everyApostropheIsPrinted(String bundle) throws IOException {
        Properties texts = load(bundle);
        List<String> lost = new ArrayList<>();
        for (String key : new TreeSet<>(texts.stringPropertyNames())) {
            String pattern = texts.getProperty(key);
            String printed = new MessageFormat(pattern).format(java.util.Collections.nCopies(10, "x").toArray());
            // meant as apostrophes: every ' but those quoting a brace, '' counting once
            long meant = pattern.replace("'{'", "").replace("'}'", "").replace("''", "'").chars()
                    .filter(c -> c == '\'').count();
            if (printed.chars().filter(c -> c == '\'').count() != meant) {
                lost.add(key);
            }
        }
        assertThat(lost).as("texts in " + bundle + " whose ' MessageFormat swallows (write it '')").isEmpty();
    }

    /**
     * A constant nothing refers to is a text nothing prints. Code refers to the constants by name,
     * so a word-bounded search of the main sources finds every use (the declaration aside).
     */
    @Test
    void everyKeyIsUsedBySomeCode() throws IOException {
        String code = mainSources();
        List<MessageKey> unused = new ArrayList<>();
        for (MessageKey k : MessageKey.values()) {
            Matcher m = Pattern.compile("\\b" + k.name() + "\\b(?!\\(\")").matcher(code);
            if (!m.find()) {
                unused.add(k);
            }
        }
        assertThat(unused).as("constants no code uses").isEmpty();
    }

    @Test
    void theSourceScanSeesEveryModule() throws IOException {
        // guards the test above against passing because it read the wrong tree
        String code = mainSources();
        assertThat(code).contains("package termhost.api;", "package termhost.cli;", "package termhost.daemon.admin;");
    }

    /** The argument indices a MessageFormat pattern uses ({@code '{'} quoted braces aside). */
    private static Set<Integer> arguments(String pattern) {
        new MessageFormat(pattern); // throws on a malformed pattern
        String unquoted = pattern.replace("''", "").replaceAll("'[^']*'", "");
        Set<Integer> indices = new TreeSet<>();
        Matcher m = Pattern.compile("\\{(\\d+)").matcher(unquoted);
        while (m.find()) {
            indices.add(Integer.parseInt(m.group(1)));
        }
        return indices;
    }

    private static Properties load(String bundle) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageKeysTest.class.getResourceAsStream("/termhost/cli/" + bundle)) {
            assertThat(in).as(bundle).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The main Java sources of every module, as one text (tests run in the module's directory). */
    private static String mainSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        StringBuilder all = new StringBuilder();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(f)).append('\n');
                }
            }
        }
        return all.toString();
    }
}
