package termhost.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon's usage line is the synopsis of the client's help of serve ({@code termhost serve
 * --help}, which the launcher answers with the client), in each language: the two never drift.
 * The daemon does not link against the client; the bundles are on its class path as resources.
 */
class DaemonUsageTest {
    @ParameterizedTest
    @ValueSource(strings = {"messages.properties", "messages_ru.properties"})
    void theUsageLineIsTheSynopsisOfTheClientsHelpOfServe(String bundle) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DaemonUsageTest.class.getResourceAsStream("/termhost/cli/" + bundle)) {
            assertThat(in).as(bundle + " of the client on the class path").isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        assertThat(p.getProperty("help.serve", "").lines()).contains(Daemon.USAGE);
    }
}
