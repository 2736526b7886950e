package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page as groff prints it for a terminal, cut back into its sections and subsections: what a
 * reader of {@code man} sees, to compare with the texts the page was made from.
 *
 * @param sections heading → the text under it before any subsection
 * @param subsections "HEADING/subheading" → the text under it
 */
record Rendered(Map<String, String> sections, Map<String, String> subsections) {
    /** Formats {@code page} (its text) with groff; fails the test on any warning. */
    static Rendered of(String page, Path tmp) throws Exception {
        Path file = Files.createTempFile(tmp, "page", ".man");
        Files.writeString(file, page);
        // no colour or overstriking; lines so long that no paragraph is broken
        Tool.Result r = Tool.run(List.of("groff", "-man", "-Tutf8", "-k", "-ww", "-P-cbou", "-rLL=2000n",
                file.toString()), Map.of());
        assertThat(r.err()).as("groff's warnings").isEmpty();
        assertThat(r.exit()).isZero();
        return parse(r.out());
    }

    static Rendered parse(String out) {
        List<String> lines = new ArrayList<>(out.lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        // the header (LOGOFF(1) termhost LOGOFF(1)) and the footer (termhost VERSION LOGOFF(1))
        lines = lines.subList(1, lines.size() - 1);
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        Map<String, StringBuilder> subsections = new LinkedHashMap<>();
        StringBuilder into = null;
        String section = null;
        for (String line : lines) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                section = line;
                into = new StringBuilder();
                sections.put(section, into);
            } else if (line.startsWith("   ") && !line.startsWith("    ")) {
                into = new StringBuilder();
                subsections.put(section + "/" + line.strip(), into);
            } else if (into != null) {
                into.append(line).append('\n');
            }
        }
        Map<String, String> s = new LinkedHashMap<>();
        sections.forEach((k, v) -> s.put(k, normal(v.toString())));
        Map<String, String> ss = new LinkedHashMap<>();
        subsections.forEach((k, v) -> ss.put(k, normal(v.toString())));
        return new Rendered(s, ss);
    }

    /** Words apart by single spaces: how a text and its filled rendering can be compared. */
    static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
