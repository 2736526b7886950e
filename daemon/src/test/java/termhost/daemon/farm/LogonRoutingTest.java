package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import termhost.daemon.store.FarmLogons.HostLoad;
import termhost.daemon.store.FarmLogons.Snapshot;
import termhost.daemon.store.FarmLogons.UserSession;

class LogonRoutingTest {
    private static HostLoad host(String name, int sessions, int pending, int weight, String mode) {
        return new HostLoad(name, sessions, pending, weight, mode, "127.0.0.1:" + (2200 + name.charAt(5)), 0);
    }

    private static final List<HostLoad> THREE = List.of(host("host-a", 4, 0, 100, "enable"),
            host("host-b", 1, 0, 100, "enable"), host("host-c", 3, 0, 100, "enable"));

    private static Optional<String> route(String from, List<UserSession> sessions, List<HostLoad> hosts,
            String pending) {
        return LogonRouting.choose(from, new Snapshot(sessions, hosts, Optional.ofNullable(pending)));
    }

    @Test
    void aDisconnectedSessionElsewhereWinsOverLoad() {
        assertThat(route("host-a", List.of(new UserSession("host-c", 2, "interactive", "disconnected")), THREE, null))
                .contains("host-c");
    }

    @Test
    void aSessionOnThisHostIsTakenWithoutAHopAndExecSessionsDoNotCount() {
        List<UserSession> sessions = List.of(new UserSession("host-c", 2, "interactive", "disconnected"),
                new UserSession("host-a", 5, "interactive", "active"), new UserSession("host-b", 3, "exec", "active"));
        assertThat(route("host-a", sessions, THREE, null)).contains("host-a");
        assertThat(route("host-b", List.of(sessions.get(2)), THREE, null)).as("an exec session is no home")
                .contains("host-b");
    }

    @Test
    void aDrainingHostStillTakesItsReconnectsButNoNewSessions() {
        List<HostLoad> drained = List.of(host("host-a", 4, 0, 100, "enable"), host("host-b", 1, 0, 100, "drain"),
                host("host-c", 3, 0, 100, "enable"));
        assertThat(route("host-a", List.of(new UserSession("host-b", 2, "interactive", "disconnected")), drained,
                null)).contains("host-b");
        assertThat(route("host-a", List.of(), drained, null)).contains("host-c");
    }

    @Test
    void aNewSessionGoesToTheLeastLoadForItsWeightCountingPendingLogons() {
        assertThat(route("host-a", List.of(), THREE, null)).contains("host-b");
        List<HostLoad> weighted = List.of(host("host-a", 4, 0, 400, "enable"), host("host-b", 1, 1, 100, "enable"),
                host("host-c", 3, 0, 100, "enable"));
        assertThat(route("host-c", List.of(), weighted, null)).as("4/400 < 2/100").contains("host-a");
    }

    @Test
    void aHostAtItsSessionLimitTakesNoNewSessionButItsReconnects() {
        List<HostLoad> full = List.of(new HostLoad("host-a", 2, 1, 100, "enable", "a:22", 3),
                new HostLoad("host-b", 5, 0, 100, "enable", "b:22", 0));
        assertThat(route("host-a", List.of(), full, null)).as("2 sessions + 1 pending = the limit of 3")
                .contains("host-b");
        assertThat(route("host-b", List.of(new UserSession("host-a", 2, "interactive", "disconnected")), full,
                null)).contains("host-a");
        List<HostLoad> room = List.of(new HostLoad("host-a", 2, 0, 100, "enable", "a:22", 3), full.get(1));
        assertThat(route("host-b", List.of(), room, null)).contains("host-a");
    }

    @Test
    void aTieGoesToThisHostThenByName() {
        List<HostLoad> even = List.of(host("host-a", 1, 0, 100, "enable"), host("host-b", 1, 0, 100, "enable"),
                host("host-c", 1, 0, 100, "enable"));
        assertThat(route("host-c", List.of(), even, null)).contains("host-c");
        assertThat(route("host-z", List.of(), even, null)).contains("host-a");
    }

    @Test
    void aSecondLogonGoesWhereTheFirstWasJustRouted() {
        assertThat(route("host-c", List.of(), THREE, "host-a")).contains("host-a");
    }

    @Test
    void aHostWithoutAKnownAddressIsNoTargetAndNoHostMeansThisHostDecides() {
        List<HostLoad> unknown = List.of(host("host-a", 4, 0, 100, "enable"),
                new HostLoad("host-b", 0, 0, 100, "enable", null, 0));
        assertThat(route("host-a", List.of(new UserSession("host-b", 2, "interactive", "disconnected")), unknown,
                null)).contains("host-a");
        assertThat(route("host-a", List.of(), List.of(host("host-a", 0, 0, 100, "disable")), null)).isEmpty();
    }

    @Test
    void aSessionOnAHostThatIsNotUpIsNoHome() {
        // the directory lists sessions of up hosts only; a Down row is no home either
        assertThat(route("host-a", List.of(new UserSession("host-b", 2, "interactive", "down")), THREE, null))
                .contains("host-b"); // host-b is the least loaded: a new session, not the old one
        assertThat(route("host-c", List.of(new UserSession("host-b", 2, "interactive", "down")),
                List.of(host("host-c", 0, 0, 100, "enable"), host("host-b", 9, 0, 100, "enable")), null))
                .contains("host-c");
    }
}
