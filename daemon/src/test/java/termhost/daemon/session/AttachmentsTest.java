package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.daemon.terminal.TerminalHolder;

/**
 * When an attach client ends: the shell's end (a logoff) told from the client's (a disconnect) by
 * the holder's own answer (issue 16); and tscon into a session whose shell is gone.
 */
class AttachmentsTest {
    @TempDir
    Path tmp;

    @Test
    void aClientEndingOnItsOwnWhenTheShellIsGoneIsALogoffNeverADisconnect() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        FakeViewer client = new FakeViewer("10.0.0.5:40000");
        Connection c = host.logon(FakeHost.ALICE, client);
        Session s = c.session();
        // the shell exited: the holder answers so, though its process lingers a few milliseconds
        host.holder(s).presence = TerminalHolder.Presence.GONE;

        FakeHost.attachment(c).endsOnItsOwn();

        assertThat(s.phase()).isEqualTo(Session.Phase.ENDED);
        assertThat(client.ended).isTrue();
        assertThat(client.endReason).as("the client ends without a word, as with sshd").isNull();
        assertThat(host.records("session.disconnect")).isEmpty();
        assertThat(host.records("session.logoff")).singleElement().satisfies(e -> {
            assertThat(e.detail()).startsWith("the session's shell exited;");
            assertThat(e.source()).isEqualTo("shell exit");
        });
    }

    @Test
    void aClientEndingOnItsOwnWhileTheShellLivesIsADisconnect() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        FakeViewer client = new FakeViewer("10.0.0.5:40000");
        Connection c = host.logon(FakeHost.ALICE, client);

        FakeHost.attachment(c).endsOnItsOwn();

        assertThat(c.session().state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(client.endReason).isEqualTo("Disconnected.");
        assertThat(host.records("session.disconnect")).singleElement()
                .satisfies(e -> assertThat(e.detail()).endsWith(": its terminal client ended"));
        assertThat(host.records("session.logoff")).isEmpty();
    }

    @Test
    void noClearAnswerFromALiveHolderIsADisconnectNeverALogoff() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        host.holder(c.session()).presence = TerminalHolder.Presence.UNKNOWN;

        FakeHost.attachment(c).endsOnItsOwn();

        assertThat(c.session().state()).isEqualTo(SessionState.DISCONNECTED);
    }

    @Test
    void aClientThatWentAwayAsTheShellEndedLeavesNoDiscSessionBehind() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        host.holder(c.session()).shellExited();

        host.core.attachments().disconnect(c, "the client closed the connection");

        assertThat(c.session().phase()).isEqualTo(Session.Phase.ENDED);
        assertThat(host.records("session.logoff")).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("the session's shell exited;"));
    }

    @Test
    void tsconMovesTheClientToTheOtherSessionAndLeavesItsOwnDisc() throws Exception {
        FakeHost host = new FakeHost(tmp, true);
        Connection a = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        FakeViewer client = new FakeViewer("10.0.0.5:40001");
        Connection b = host.logon(FakeHost.ALICE, client);
        Session first = a.session();
        Session second = b.session();
        assertThat(second).isNotSameAs(first);
        host.core.attachments().disconnect(a, "the client closed the connection");

        Connection moved = host.core.attachments().switchConnection(b, first, new Actor("alice", 1001, "t"));

        assertThat(moved.session()).isSameAs(first);
        assertThat(client.switchedTo).isSameAs(moved);
        assertThat(client.ended).as("the client stays connected").isFalse();
        assertThat(first.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(second.state()).isEqualTo(SessionState.DISCONNECTED);
    }

    @Test
    void tsconToADeadDiscSessionLogsItOffAndAnswersNotFound() throws Exception {
        FakeHost host = new FakeHost(tmp, true);
        Connection a = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        Connection b = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40001"));
        Session dead = a.session();
        host.core.attachments().disconnect(a, "the client closed the connection");
        host.holder(dead).presence = TerminalHolder.Presence.GONE;

        assertThatThrownBy(() -> host.core.attachments().switchConnection(b, dead, new Actor("alice", 1001, "t")))
                .isInstanceOfSatisfying(TermhostException.class, e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
                    assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_SESSION_NOT_FOUND);
                });
        assertThat(dead.phase()).isEqualTo(Session.Phase.ENDED);
        assertThat(host.records("session.logoff")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("found at tscon"));
        assertThat(b.session().state()).isEqualTo(SessionState.ACTIVE);
    }
}
