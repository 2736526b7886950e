package termhost.daemon.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.Messenger;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionManager;

/**
 * What the operations ask of the session manager, and nothing more: the seam where the tests of
 * the permission gate put a fake. Each method is {@link SessionManager}'s of the same name.
 */
public interface ManagedSessions {
    List<Session> all();

    Optional<Session> find(int id);

    Duration gracePeriod();

    SessionManager.LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress)
            throws IOException, InterruptedException;

    int disconnectAll(int id, Actor actor);

    Optional<Connection> newestConnection(Session s);

    Connection switchConnection(Connection from, Session target, Actor actor) throws IOException;

    Messenger.Outcome message(Session s, Actor from, String text, Duration time, boolean wait);

    static ManagedSessions of(SessionManager m) {
        return new ManagedSessions() {
            @Override
            public List<Session> all() {
                return m.sessions();
            }

            @Override
            public Optional<Session> find(int id) {
                return m.find(id);
            }

            @Override
            public Duration gracePeriod() {
                return m.gracePeriod();
            }

            @Override
            public SessionManager.LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace,
                    Consumer<Step> progress) throws IOException, InterruptedException {
                return m.logoff(id, actor, reason, grace, progress);
            }

            @Override
            public int disconnectAll(int id, Actor actor) {
                return m.disconnectAll(id, actor);
            }

            @Override
            public Optional<Connection> newestConnection(Session s) {
                return m.newestConnection(s);
            }

            @Override
            public Connection switchConnection(Connection from, Session target, Actor actor) throws IOException {
                return m.switchConnection(from, target, actor);
            }

            @Override
            public Messenger.Outcome message(Session s, Actor from, String text, Duration time, boolean wait) {
                return m.message(s, from, text, time, wait);
            }
        };
    }
}
