package termhost.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/** Progress events and errors, both ways. */
class EnvelopeTest {
    @Test
    void aProgressEventRoundTrips() {
        Progress p = new Progress(MessageKey.LOGOFF_V_DONE, List.of("3", "2", "120"));
        assertThat(p.toMessage().type()).isEqualTo(Message.EVENT);
        assertThat(Progress.fromMessage(p.toMessage())).isEqualTo(p);
    }

    @Test
    void anEventWithAKeyThisSideDoesNotKnowIsRefused() {
        Message m = Message.of(Message.EVENT, Map.of("key", "logoff.v.teleported"));
        assertThatThrownBy(() -> Progress.fromMessage(m)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anErrorRoundTripsAsTheSameException() {
        TermhostException e = new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_SESSION_NOT_FOUND,
                "session 9: not found", "9");
        Message m = ErrorReply.of(e).toMessage();
        assertThat(m.type()).isEqualTo(Message.ERROR);
        TermhostException back = ErrorReply.fromMessage(m).toException();
        assertThat(back.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(back.messageKey()).isEqualTo(MessageKey.ERROR_SESSION_NOT_FOUND);
        assertThat(back.getMessage()).isEqualTo("session 9: not found");
        assertThat(back.messageArgs()).containsExactly("9");
    }

    @Test
    void anErrorOfAnotherVersionStillShowsItsSentence() {
        Message m = Message.of(Message.ERROR, Map.of("category", "on_fire", "key", "error.on_fire",
                "detail", "the disk is on fire"));
        ErrorReply e = ErrorReply.fromMessage(m);
        assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE);
        assertThat(e.key()).isEqualTo(MessageKey.ERROR_INTERNAL);
        assertThat(e.args()).containsExactly("the disk is on fire");
    }
}
