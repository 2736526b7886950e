package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.ErrorReply;
import termhost.api.wire.Message;

/** A reply survives the outcome column: fields, type and rows, and an error as the error it was. */
class FarmCommandsTest {
    @Test
    void aReplyWithRowsRoundTripsThroughTheOutcome() {
        Message reply = new Message(Message.RESULT, Map.of("count", "2"),
                List.of(Map.of("id", "3", "user", "alice"), Map.of("id", "12", "user", "bob")));

        assertThat(FarmCommands.decode(FarmCommands.encode(reply))).isEqualTo(reply);
    }

    @Test
    void anErrorRoundTripsAsTheSameError() {
        TermhostException e = new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                "session 3 (alice): denied");

        Message back = FarmCommands.decode(FarmCommands.encode(ErrorReply.of(e).toMessage()));

        assertThat(ErrorReply.fromMessage(back)).isEqualTo(ErrorReply.of(e));
    }

    @Test
    void anOutcomeWithoutATypeIsAnError() {
        assertThat(FarmCommands.decode(Map.of("x", "y")).type()).isEqualTo(Message.ERROR);
    }
}
