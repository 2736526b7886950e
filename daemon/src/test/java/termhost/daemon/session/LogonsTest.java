package termhost.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.ErrorCategory;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.LogonMode;
import termhost.daemon.terminal.TerminalHolder;

/** Interactive logons: new or reconnected, never into a dead session, as {@code change logon} allows. */
class LogonsTest {
    @TempDir
    Path tmp;

    @Test
    void aFirstLogonMakesASessionAndARecordAndTheNextReconnectsToIt() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        FakeViewer first = new FakeViewer("10.0.0.5:40000");
        Connection c = host.logon(FakeHost.ALICE, first);
        Session s = c.session();
        assertThat(s.id()).isEqualTo(2);
        assertThat(s.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(host.store.sessions().all()).extracting(r -> r.id()).containsExactly(2);

        host.core.attachments().disconnect(c, "the client closed the connection");
        assertThat(s.state()).isEqualTo(SessionState.DISCONNECTED);
        Connection again = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40001"));

        assertThat(again.session()).isSameAs(s);
        assertThat(host.records("session.logon")).hasSize(1);
        assertThat(host.records("session.disconnect")).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("connection ssh#1 from 10.0.0.5:40000: the client closed the connection"));
        assertThat(host.records("session.reconnect")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("from 10.0.0.5:40001"));
    }

    @Test
    void withOneSessionPerUserASecondClientTakesTheSessionOverAndTheFirstIsToldWhy() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        FakeViewer first = new FakeViewer("10.0.0.5:40000");
        Session s = host.logon(FakeHost.ALICE, first).session();

        Session again = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.7:50000")).session();

        assertThat(again).isSameAs(s);
        assertThat(first.ended).isTrue();
        assertThat(first.endReason).isEqualTo("Session 2 was reconnected from 10.0.0.7:50000.");
        assertThat(s.connections()).hasSize(1);
    }

    @Test
    void aReconnectTargetWhoseShellIsGoneIsLoggedOffAndANewSessionMadeInTheSameLogon() throws Exception {
        for (boolean several : new boolean[] {false, true}) {
            FakeHost host = new FakeHost(tmp.resolve("several-" + several), several);
            Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
            Session dead = c.session();
            host.core.attachments().disconnect(c, "the client closed the connection");
            // the holder still runs (so no sweep would see it), but has no session: only asking shows it
            host.holder(dead).presence = TerminalHolder.Presence.GONE;

            Session fresh = host.logon(FakeHost.ALICE);

            assertThat(fresh).isNotSameAs(dead);
            assertThat(dead.phase()).isEqualTo(Session.Phase.ENDED);
            assertThat(host.core.registry().sessions()).containsExactly(fresh);
            assertThat(host.records("session.logoff")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).startsWith("the session's shell had exited (found at"));
            assertThat(host.records("session.reconnect")).isEmpty();
        }
    }

    @Test
    void aHolderThatGivesNoClearAnswerIsReconnectedToNeverEndedOnAGuess() throws Exception {
        FakeHost host = new FakeHost(tmp, true);
        Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        host.core.attachments().disconnect(c, "the client closed the connection");
        host.holder(c.session()).presence = TerminalHolder.Presence.UNKNOWN;

        assertThat(host.logon(FakeHost.ALICE)).isSameAs(c.session());
        assertThat(host.records("session.logoff")).isEmpty();
    }

    @Test
    void aTargetThatBeginsItsLogoffBetweenThePickAndTheAttachIsPickedAgain() throws Exception {
        FakeHost host = new FakeHost(tmp, true);
        Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        Session target = c.session();
        host.core.attachments().disconnect(c, "the client closed the connection");
        // the moment the reconnect starts its client, an administrator's logoff of the target begins
        host.onAttachStart = () -> {
            host.onAttachStart = () -> { };
            host.core.logoffs().endQuietly(target, Actor.daemon("test"), "logged off meanwhile");
        };

        Session landed = host.logon(FakeHost.ALICE);

        assertThat(landed).isNotSameAs(target);
        assertThat(landed.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(host.core.registry().sessions()).containsExactly(landed);
    }

    @Test
    void drainRefusesNewSessionsButNotReconnectsAndDisableRefusesBothEachAudited() throws Exception {
        FakeHost host = new FakeHost(tmp, false);
        Connection c = host.logon(FakeHost.ALICE, new FakeViewer("10.0.0.5:40000"));
        host.core.attachments().disconnect(c, "the client closed the connection");
        host.logonControl.set(LogonMode.DRAIN);

        assertThat(host.logon(FakeHost.ALICE)).as("a reconnect goes through a drain").isSameAs(c.session());
        assertThatThrownBy(() -> host.logon(FakeHost.BOB)).isInstanceOfSatisfying(TermhostException.class,
                e -> assertThat(e.category()).isEqualTo(ErrorCategory.ACCESS_DENIED));

        host.logonControl.set(LogonMode.DISABLED);
        assertThatThrownBy(() -> host.logon(FakeHost.ALICE)).isInstanceOf(TermhostException.class);

        assertThat(host.records("session.logon-refused")).extracting(e -> e.detail())
                .containsExactly("logons are drain (new session)", "logons are disabled (reconnect)");
        assertThat(host.core.registry().sessions()).hasSize(1);
    }

    @Test
    void aSessionThatCannotBeStoredIsNotMadeAndLeavesNothingBehind() {
        FakeHost host = new FakeHost(tmp, false);
        host.store.failing(true);

        assertThatThrownBy(() -> host.logon(FakeHost.ALICE)).hasMessageContaining("cannot start")
                .hasMessageContaining("full");

        assertThat(host.core.registry().sessions()).isEmpty();
        assertThat(host.groups.get(2).pids()).as("what started is ended").isEmpty();
        assertThat(host.core.registry().reserve()).as("its id is free again").isEqualTo(2);
    }
}
