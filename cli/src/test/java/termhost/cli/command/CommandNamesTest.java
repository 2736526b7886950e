package termhost.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list the daemon reads to write its wrappers names exactly the commands of the table. */
class CommandNamesTest {
    @Test
    void eachRowOfTheTableMakesTheCommandOfItsWords() {
        List<List<String>> words = Commands.all().stream().map(Command::words).toList();
        assertThat(words).doesNotHaveDuplicates().hasSize(19);
        for (List<String> w : words) {
            assertThat(Commands.find(w)).get().satisfies(m -> {
                assertThat(m.command().words()).isEqualTo(w);
                assertThat(m.args()).isEmpty();
            });
        }
        assertThat(Commands.find(List.of("query", "user")).orElseThrow().command()).isInstanceOf(QueryUser.class);
        assertThat(Commands.find(List.of("reset", "winsta", "2")).orElseThrow().command().helpKey())
                .isEqualTo(termhost.api.MessageKey.HELP_RESET);
    }

    @Test
    void theShippedListIsTheCommandTablesNames() throws IOException {
        List<String> expected = new ArrayList<>(Commands.names());
        expected.add(Commands.HOST_TOOL);
        try (InputStream in = Commands.class.getResourceAsStream("/termhost/cli/command-names")) {
            assertThat(in).as("termhost/cli/command-names on the class path").isNotNull();
            List<String> listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
