package termhost.man;

import java.util.List;
import java.util.Locale;

/**
 * Writes a page in the man(7) macros. Every text goes through {@link #escape}, so a word of a help
 * text can never be read as a request, an escape or a typographic substitute: what the page shows
 * is what {@code /?} prints.
 */
final class Roff {
    private final StringBuilder out = new StringBuilder();

    /**
     * @param source where the page's words come from, said in a comment so nobody edits the page
     * @param title the page's name as the header shows it, e.g. {@code LOGOFF}
     */
    Roff(String source, String title, int section, String version) {
        // man-db reads this line to choose the input encoding (the Russian pages need UTF-8)
        out.append("'\\\" -*- coding: UTF-8 -*-\n");
        out.append(".\\\" Made by termhost.man.ManPages from ").append(source).append(": edit that, not this page.\n");
        out.append(".TH ").append(quote(title)).append(' ').append(section).append(" \"\" ")
                .append(quote("termhost " + version)).append(' ').append(quote("termhost")).append('\n');
        // help texts name switches and paths that must not be broken across lines with a hyphen
        out.append(".nh\n.ad l\n");
    }

    /** {@code text} as a line of the page, never a request: backslashes, minus signs and quotes as typed. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\e");
                // a command-line minus, not a hyphen that a UTF-8 device would print as U+2010
                case '-' -> sb.append("\\-");
                case '\'' -> sb.append("\\(aq");
                case '`' -> sb.append("\\(ga");
                case '~' -> sb.append("\\(ti");
                case '^' -> sb.append("\\(ha");
                default -> sb.append(c);
            }
        }
        // a line that starts with a dot would be a request
        return sb.length() > 0 && sb.charAt(0) == '.' ? "\\&" + sb : sb.toString();
    }

    /** A macro argument: escaped, in double quotes, a double quote inside written as \(dq. */
    private static String quote(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }

    Roff section(String heading, Locale locale) {
        out.append(".SH ").append(quote(heading.toUpperCase(locale))).append('\n');
        return this;
    }

    Roff subsection(String heading) {
        out.append(".SS ").append(quote(heading)).append('\n');
        return this;
    }

    /** A paragraph: its lines filled by the formatter. */
    Roff paragraph(List<String> lines) {
        out.append(".PP\n");
        lines.forEach(this::textLine);
        return this;
    }

    /** A line already escaped, or with font escapes of its own. */
    Roff raw(String line) {
        out.append(line).append('\n');
        return this;
    }

    private void textLine(String line) {
        out.append(escape(line.strip())).append('\n');
    }

    /** Lines shown as written (syntax lines, a file's example). */
    Roff verbatim(List<String> lines) {
        out.append(".PP\n.nf\n");
        for (String line : lines) {
            out.append(line.isEmpty() ? ".sp" : escape(line)).append('\n');
        }
        out.append(".fi\n");
        return this;
    }

    /** A tagged paragraph: the term in bold, its description filled and indented below or beside it. */
    Roff tagged(String term, List<String> description) {
        out.append(".TP\n").append(".B ").append(quote(term)).append('\n');
        description.forEach(this::textLine);
        return this;
    }

    /** A line in bold, e.g. a table's title. */
    Roff bold(String line) {
        out.append(".PP\n.B ").append(quote(line)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
