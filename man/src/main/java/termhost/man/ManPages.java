package termhost.man;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import termhost.api.MessageKey;
import termhost.cli.command.Command;
import termhost.cli.command.Commands;
import termhost.cli.text.Messages;

/**
 * The manual pages, English and Russian, made from the texts the commands print for {@code /?}
 * and from the daemon's settings table, so a page cannot say other than the command does.
 *
 * <p>{@code java -cp ... termhost.man.ManPages DIR} (what {@code scripts/man-pages DIR} runs) writes
 * {@code DIR/man1}, {@code DIR/man5}, {@code DIR/man8} and the same under {@code DIR/ru}: a tree
 * for {@code /usr/share/man}, or for {@code MANPATH}.
 *
 * <p>Which pages there are follows the command table: one page per first word of the RDS commands
 * ({@code query(1)} covers query session, user and process), an alias page ({@code .so}) for a word
 * whose commands a page already covers ({@code qwinsta(1)}), no page for a word Debian already has
 * a page of ({@code reset(1)} is ncurses' tset: reset session is {@code rwinsta(1)}), and the host
 * tools with the service in {@code termhost(8)}.
 */
public final class ManPages {
    /** Names of Debian's own manual pages in section 1 that the RDS commands' words would take. */
    static final Set<String> TAKEN = Set.of("reset");
    static final List<Locale> LANGUAGES = List.of(Locale.ROOT, Locale.forLanguageTag("ru"));
    static final String HOST_PAGE = Commands.HOST_TOOL;

    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: termhost.man.ManPages DIR   (writes DIR/man1, man5, man8 and DIR/ru/...)");
            System.exit(2);
        }
        List<Path> written = write(Path.of(args[0]));
        System.out.println("termhost: " + written.size() + " manual pages in " + args[0]);
    }

    /** Writes every page in every language under {@code dir}; returns the files written. */
    public static List<Path> write(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Locale locale : LANGUAGES) {
            Path base = locale.getLanguage().isEmpty() ? dir : dir.resolve(locale.getLanguage());
            for (Map.Entry<String, String> page : pages(locale).entrySet()) {
                Path file = base.resolve(page.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
                written.add(file);
            }
        }
        return written;
    }

    /** Every page of one language: its path under the tree (e.g. {@code man1/logoff.1}) and its text. */
    static Map<String, String> pages(Locale locale) {
        Messages messages = Messages.forLocale(locale);
        Words words = Words.of(locale);
        Plan plan = plan(messages, words);
        List<String> refs = new ArrayList<>();
        plan.pages().forEach(p -> refs.add(p.name() + "(" + p.section() + ")"));
        refs.add(ConfPage.NAME + "(" + ConfPage.SECTION + ")");
        Map<String, String> files = new LinkedHashMap<>();
        String version = version();
        for (CommandPage p : plan.pages()) {
            String self = p.name() + "(" + p.section() + ")";
            files.put(path(p.name(), p.section()), p.render(words, version,
                    refs.stream().filter(r -> !r.equals(self)).toList()));
        }
        plan.aliases().forEach((alias, target) -> files.put(path(alias, 1), ".so " + path(target, 1) + "\n"));
        files.put(path(ConfPage.NAME, ConfPage.SECTION), ConfPage.render(words, version, HOST_PAGE + "(8)"));
        return files;
    }

    static String path(String name, int section) {
        return "man" + section + "/" + name + "." + section;
    }

    /** The pages and the alias pages (alias → the page it shows). */
    record Plan(List<CommandPage> pages, Map<String, String> aliases) {
    }

    static Plan plan(Messages messages, Words words) {
        // first words of the RDS commands, each with the help texts of its commands, in table order
        Map<String, Set<MessageKey>> byWord = new LinkedHashMap<>();
        for (Command c : Commands.all()) {
            if (c.onSessionPath()) {
                byWord.computeIfAbsent(c.words().get(0), w -> new LinkedHashSet<>()).add(c.helpKey());
            }
        }
        // a word whose help texts a page already holds is an alias of that page
        Map<String, Set<MessageKey>> covered = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Map.Entry<String, Set<MessageKey>> w : byWord.entrySet()) {
            if (TAKEN.contains(w.getKey())) {
                continue;
            }
            covered.entrySet().stream().filter(c -> c.getValue().containsAll(w.getValue())).map(Map.Entry::getKey)
                    .findFirst().ifPresentOrElse(page -> aliases.put(w.getKey(), page),
                            () -> covered.put(w.getKey(), w.getValue()));
        }
        List<CommandPage> pages = new ArrayList<>();
        covered.forEach((word, keys) -> {
            List<CommandPage.Part> parts = keys.stream().map(k -> part(k, messages)).toList();
            String summary = parts.size() == 1 ? parts.get(0).help().summary() : words.get("summary." + word);
            List<String> names = aliases.entrySet().stream().filter(a -> a.getValue().equals(word))
                    .map(Map.Entry::getKey).toList();
            pages.add(new CommandPage(word, names, 1, summary, parts));
        });
        pages.add(hostPage(messages));
        return new Plan(List.copyOf(pages), aliases);
    }

    /** termhost(8): the overview, then the service, then the other host tools in table order. */
    private static CommandPage hostPage(Messages messages) {
        HelpText overview = HelpText.parse(MessageKey.HELP_OVERVIEW.key(), messages.get(MessageKey.HELP_OVERVIEW));
        List<CommandPage.Part> parts = new ArrayList<>(List.of(new CommandPage.Part(null, overview),
                part(MessageKey.HELP_SERVE, messages)));
        for (Command c : Commands.all()) {
            if (!c.onSessionPath() && c.helpKey() != MessageKey.HELP_SERVE) {
                parts.add(part(c.helpKey(), messages));
            }
        }
        // "termhost: terminal sessions on Linux ..." after the page's own name reads "termhost \- terminal ..."
        String summary = overview.summary().replaceFirst("^" + HOST_PAGE + ": ", "");
        return new CommandPage(HOST_PAGE, List.of(), 8, summary, parts);
    }

    /** The help text of {@code key}, titled with the names of every command it is the help of. */
    private static CommandPage.Part part(MessageKey key, Messages messages) {
        String title = String.join(", ", Commands.all().stream().filter(c -> c.helpKey() == key)
                .map(Command::displayName).toList());
        return new CommandPage.Part(title, HelpText.parse(key.key(), messages.get(key)));
    }

    /** The version the commands say with --version, from the client's build information. */
    static String version() {
        try (InputStream in = Commands.class.getResourceAsStream("/termhost/cli/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("termhost/cli/build.properties is missing: the client was not built by"
                        + " Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
