package termhost.daemon.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import termhost.api.DeliveryOutcome;
import termhost.daemon.process.Step;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.LogoffOutcome;
import termhost.daemon.session.Session;
import termhost.daemon.session.SessionCore;

/**
 * What the operations ask of the session domain, and nothing more: the seam where the tests of
 * the permission gate put a fake. Each method is the session verb of the same name ({@link
 * SessionCore}).
 */
public interface ManagedSessions {
    List<Session> all();

    Optional<Session> find(int id);

    Duration gracePeriod();

    LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress)
            throws InterruptedException;

    /** {@code reset session}: a logoff without grace that clears a session which cannot be ended. */
    LogoffOutcome reset(int id, Actor actor, String reason, Consumer<Step> progress) throws InterruptedException;

    int disconnectAll(int id, Actor actor);

    Optional<Connection> newestConnection(Session s);

    Connection switchConnection(Connection from, Session target, Actor actor) throws IOException;

    DeliveryOutcome message(Session s, Actor from, String text, Duration time, boolean wait);

    static ManagedSessions of(SessionCore core) {
        return new ManagedSessions() {
            @Override
            public List<Session> all() {
                return core.registry().sessions();
            }

            @Override
            public Optional<Session> find(int id) {
                return core.registry().find(id);
            }

            @Override
            public Duration gracePeriod() {
                return core.logoffs().gracePeriod();
            }

            @Override
            public LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress)
                    throws InterruptedException {
                return core.logoffs().logoff(id, actor, reason, grace, progress);
            }

            @Override
            public LogoffOutcome reset(int id, Actor actor, String reason, Consumer<Step> progress)
                    throws InterruptedException {
                return core.logoffs().reset(id, actor, reason, progress);
            }

            @Override
            public int disconnectAll(int id, Actor actor) {
                return core.attachments().disconnectAll(id, actor);
            }

            @Override
            public Optional<Connection> newestConnection(Session s) {
                return core.attachments().newestConnection(s);
            }

            @Override
            public Connection switchConnection(Connection from, Session target, Actor actor) throws IOException {
                return core.attachments().switchConnection(from, target, actor);
            }

            @Override
            public DeliveryOutcome message(Session s, Actor from, String text, Duration time, boolean wait) {
                return core.messenger().message(s, from, text, time, wait);
            }
        };
    }
}
