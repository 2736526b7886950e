package termhost.man;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /?} text cut along the layout every one of them follows: a description, a blank line,
 * the syntax lines, then blocks that are each an option table (two-space indent, the term, two or
 * more spaces, its description, continuation lines indented further), a titled table
 * ({@code Examples:} and its indented lines) or a paragraph.
 *
 * <p>Nothing is dropped: {@link #text()} gives back the text it was made from, character for
 * character. A block that fits none of the kinds is an error naming the text's key, so a help text
 * written another way fails the build of the pages instead of coming out garbled.
 *
 * @param key the message key it came from, for errors and the pages' source comments
 */
public record HelpText(String key, List<Block> blocks) {
    /** GNU options ({@code --listen}) and Windows switches ({@code /SERVER:servername}, {@code /V}). */
    private static final Pattern SWITCH = Pattern.compile("(?<![\\w/])(--[a-z][a-z-]*|/[A-Za-z]+)(:([^\\s\\]|}']+))?");

    public enum Kind { DESCRIPTION, SYNOPSIS, TABLE, TITLED_TABLE, PARAGRAPH }

    /** One blank-line-separated block of the text, its lines as written. */
    public record Block(Kind kind, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }

        /** A titled table's title without its colon, e.g. {@code Examples}. */
        public String heading() {
            requireKind(Kind.TITLED_TABLE);
            String first = lines.get(0);
            return first.substring(0, first.length() - 1);
        }

        /** The rows of a table (a titled one without its title). */
        public List<Entry> entries() {
            if (kind != Kind.TABLE && kind != Kind.TITLED_TABLE) {
                throw new IllegalStateException("a " + kind + " block has no rows");
            }
            List<Entry> rows = new ArrayList<>();
            for (String line : kind == Kind.TABLE ? lines : lines.subList(1, lines.size())) {
                if (line.charAt(2) != ' ') {
                    String body = line.substring(2);
                    int gap = body.indexOf("  ");
                    rows.add(gap < 0 ? new Entry(body, new ArrayList<>())
                            : new Entry(body.substring(0, gap), new ArrayList<>(List.of(body.substring(gap).strip()))));
                } else if (rows.isEmpty()) {
                    throw new IllegalStateException("a table starts with a continuation line: " + line);
                } else {
                    rows.get(rows.size() - 1).description().add(line.strip());
                }
            }
            return rows;
        }

        private void requireKind(Kind k) {
            if (kind != k) {
                throw new IllegalStateException("a " + kind + " block, not a " + k);
            }
        }
    }

    /** A table row: the term (a switch, an argument, an example's command) and its description lines. */
    public record Entry(String term, List<String> description) {
    }

    /** @throws IllegalArgumentException naming {@code key} when {@code text} does not follow the layout */
    public static HelpText parse(String key, String text) {
        if (!text.endsWith("\n") || text.endsWith("\n\n")) {
            throw new IllegalArgumentException(key + ": a help text ends with exactly one newline");
        }
        String[] parts = text.substring(0, text.length() - 1).split("\n\n", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException(key + ": a help text has a description and syntax lines after a blank line");
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            List<String> lines = List.of(parts[i].split("\n", -1));
            if (lines.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException(key + ": blank line inside a block, or blocks apart by more than one:\n"
                        + parts[i]);
            }
            blocks.add(new Block(i == 0 ? Kind.DESCRIPTION : i == 1 ? Kind.SYNOPSIS : kindOf(key, lines), lines));
        }
        return new HelpText(key, List.copyOf(blocks));
    }

    private static Kind kindOf(String key, List<String> lines) {
        List<String> rest = lines.subList(1, lines.size());
        if (lines.stream().allMatch(HelpText::indented) && lines.get(0).charAt(2) != ' ') {
            return Kind.TABLE;
        }
        if (!indented(lines.get(0)) && lines.get(0).endsWith(":") && !rest.isEmpty()
                && rest.stream().allMatch(HelpText::indented) && rest.get(0).charAt(2) != ' ') {
            return Kind.TITLED_TABLE;
        }
        if (lines.stream().noneMatch(l -> l.startsWith(" "))) {
            return Kind.PARAGRAPH;
        }
        throw new IllegalArgumentException(key + ": neither a table (lines indented by two), a titled table"
                + " (\"Examples:\" and indented lines) nor a paragraph (no indented line):\n" + String.join("\n", lines));
    }

    private static boolean indented(String line) {
        return line.startsWith("  ") && line.length() > 2;
    }

    /** The text it was parsed from. */
    public String text() {
        return String.join("\n\n", blocks.stream().map(Block::text).toList()) + "\n";
    }

    public Block description() {
        return blocks.get(0);
    }

    public Block synopsis() {
        return blocks.get(1);
    }

    /** Every block after the syntax lines, in the order of the text. */
    public List<Block> body() {
        return blocks.subList(2, blocks.size());
    }

    /**
     * The description's first sentence, for a page's NAME line: up to the first full stop that ends
     * a line or is followed by a space.
     */
    public String summary() {
        String d = String.join(" ", description().lines());
        Matcher m = Pattern.compile("\\.( |$)").matcher(d);
        return m.find() ? d.substring(0, m.start() + 1) : d;
    }

    /**
     * The switches the syntax lines name, lower case, each once: {@code /server:}, {@code /v},
     * {@code --listen}; a switch written with a value ends with a colon (Windows) or is a GNU option.
     */
    public Set<String> switches() {
        Set<String> names = new LinkedHashSet<>();
        for (Matcher m = SWITCH.matcher(synopsis().text()); m.find(); ) {
            names.add(m.group(1).toLowerCase(Locale.ROOT) + (m.group(2) != null && m.group(1).startsWith("/") ? ":" : ""));
        }
        return names;
    }

    /** The values the syntax lines write out for {@code name} (e.g. {@code /state:} gives disc and active). */
    public Set<String> values(String name) {
        Set<String> values = new LinkedHashSet<>();
        for (Matcher m = SWITCH.matcher(synopsis().text()); m.find(); ) {
            if (m.group(2) != null && (m.group(1).toLowerCase(Locale.ROOT) + ":").equals(name)) {
                values.add(m.group(3));
            }
        }
        return values;
    }
}
