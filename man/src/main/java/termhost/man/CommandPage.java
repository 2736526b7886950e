package termhost.man;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A manual page made of {@code /?} texts: one ({@code logoff(1)}) or several ({@code query(1)}:
 * query session, user and process; {@code termhost(8)}: the overview, the service and the host
 * tools).
 *
 * <p>A page of one text is laid out as man pages are: SYNOPSIS (the syntax lines), DESCRIPTION
 * (the description and the paragraphs), OPTIONS (the option tables), then a section for each titled
 * table, named by its title ({@code Examples:} gives EXAMPLES). A page of several has every syntax
 * block in its SYNOPSIS and, under DESCRIPTION, each text in the order it is written, below a
 * subheading with the commands' names.
 *
 * @param name the page's name, e.g. {@code logoff}
 * @param aliases the other names it is found by ({@code qwinsta} for {@code query}), each an alias page
 * @param summary the NAME line's text after the dash
 * @param parts the texts, in the order the page shows them
 */
record CommandPage(String name, List<String> aliases, int section, String summary, List<Part> parts) {
    /** One {@code /?} text and the names of the commands it documents (null: no subheading). */
    record Part(String title, HelpText help) {
    }

    /** The page's name and its aliases, as the NAME line lists them. */
    String names() {
        return String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of(name), aliases.stream())
                .toList());
    }

    String render(Words words, String version, List<String> seeAlso) {
        Locale locale = words.locale();
        Roff r = new Roff("the /? texts " + String.join(", ", parts.stream().map(p -> p.help().key()).toList())
                + " (cli/src/main/resources/termhost/cli/messages*.properties)", name.toUpperCase(Locale.ROOT), section,
                version);
        // every name on the NAME line, so whatis and apropos know the aliases too
        r.section(words.get("heading.name"), locale).raw(Roff.escape(names()) + " \\- " + Roff.escape(summary));
        List<String> synopsis = new ArrayList<>();
        for (Part p : parts) {
            if (!synopsis.isEmpty()) {
                synopsis.add("");
            }
            synopsis.addAll(p.help().synopsis().lines());
        }
        r.section(words.get("heading.synopsis"), locale).verbatim(synopsis);
        r.section(words.get("heading.description"), locale);
        if (parts.size() == 1) {
            single(r, parts.get(0).help(), words);
        } else {
            for (Part p : parts) {
                if (p.title() != null) {
                    r.subsection(p.title());
                }
                r.paragraph(p.help().description().lines());
                p.help().body().forEach(b -> block(r, b));
            }
        }
        r.section(words.get("heading.see_also"), locale).raw(String.join(",\n", seeAlso.stream()
                .map(ref -> ".BR " + ref.replace("(", " (")).toList()));
        return r.toString();
    }

    private static void single(Roff r, HelpText help, Words words) {
        r.paragraph(help.description().lines());
        help.body().stream().filter(b -> b.kind() == HelpText.Kind.PARAGRAPH).forEach(b -> r.paragraph(b.lines()));
        List<HelpText.Block> tables = help.body().stream().filter(b -> b.kind() == HelpText.Kind.TABLE).toList();
        if (!tables.isEmpty()) {
            r.section(words.get("heading.options"), words.locale());
            tables.forEach(t -> entries(r, t));
        }
        for (HelpText.Block b : help.body()) {
            if (b.kind() == HelpText.Kind.TITLED_TABLE) {
                r.section(b.heading(), words.locale());
                entries(r, b);
            }
        }
    }

    /** A block of a page of several texts, where it stands in its text. */
    private static void block(Roff r, HelpText.Block b) {
        switch (b.kind()) {
            case PARAGRAPH -> r.paragraph(b.lines());
            case TABLE -> entries(r, b);
            case TITLED_TABLE -> {
                r.bold(b.lines().get(0));
                entries(r, b);
            }
            case DESCRIPTION, SYNOPSIS -> throw new IllegalStateException(b.kind() + " in a help text's body");
        }
    }

    private static void entries(Roff r, HelpText.Block table) {
        table.entries().forEach(e -> r.tagged(e.term(), e.description()));
    }
}
