package termhost.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import termhost.api.MessageKey;
import termhost.api.wire.Progress;

/** The lines {@code logoff * /server:FARM} prints as each host answers, in both languages. */
class FarmProgressTextTest {
    private static final Progress FAILED = new Progress(MessageKey.LOGOFF_MASS_PROGRESS,
            List.of("2", "5", "host-b:7", "alice", "failed: Error [1722]"));

    @Test
    void aSessionOfAnotherHostIsNamedHostColonIdWithItsOutcome() {
        assertThat(Events.text(FAILED, Messages.forLocale(Locale.ROOT)))
                .isEqualTo("[2/5] session host-b:7 (alice): failed: Error [1722]");
        assertThat(Events.text(FAILED, Messages.forLocale(Locale.forLanguageTag("ru"))))
                .isEqualTo("[2/5] сеанс host-b:7 (alice): failed: Error [1722]");
    }
}
