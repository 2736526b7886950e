package termhost.daemon.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import termhost.api.DeliveryOutcome;
import termhost.daemon.process.Step;
import termhost.daemon.process.Teardown;
import termhost.daemon.session.Actor;
import termhost.daemon.session.Connection;
import termhost.daemon.session.LogoffOutcome;
import termhost.daemon.session.Session;

/**
 * The session manager as the operations see it, over a fixed list of sessions. What would act on a
 * session (logoff, disconnect, msg) is written down in {@link #acted} instead, and succeeds.
 */
final class FakeSessions implements ManagedSessions {
    private final List<Session> sessions;
    /** One line per action taken, e.g. {@code logoff 7}. */
    final List<String> acted = new CopyOnWriteArrayList<>();

    FakeSessions(List<Session> sessions) {
        this.sessions = new ArrayList<>(sessions);
    }

    @Override
    public List<Session> all() {
        return List.copyOf(sessions);
    }

    @Override
    public Optional<Session> find(int id) {
        return sessions.stream().filter(s -> s.id() == id).findFirst();
    }

    @Override
    public Duration gracePeriod() {
        return Duration.ofSeconds(3);
    }

    @Override
    public LogoffOutcome logoff(int id, Actor actor, String reason, Duration grace, Consumer<Step> progress) {
        acted.add("logoff " + id);
        Session s = find(id).orElseThrow();
        return new LogoffOutcome(id, s.owner().name(), new Teardown.Result(0, List.of(), Duration.ZERO, true), false);
    }

    @Override
    public LogoffOutcome reset(int id, Actor actor, String reason, Consumer<Step> progress) {
        Session s = find(id).orElseThrow();
        acted.add("reset " + id);
        return new LogoffOutcome(id, s.owner().name(), new Teardown.Result(0, List.of(), Duration.ZERO, true), false);
    }

    @Override
    public int disconnectAll(int id, Actor actor) {
        acted.add("disconnect " + id);
        return 0;
    }

    @Override
    public Optional<Connection> newestConnection(Session s) {
        return Optional.empty(); // an exec session has none to move
    }

    @Override
    public Connection switchConnection(Connection from, Session target, Actor actor) throws IOException {
        acted.add("connect " + target.id());
        throw new IOException("no connections here");
    }

    @Override
    public DeliveryOutcome message(Session s, Actor from, String text, Duration time, boolean wait) {
        acted.add("message " + s.id());
        return DeliveryOutcome.SHOWN;
    }
}
