package termhost.daemon.session;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import termhost.api.SessionKind;
import termhost.api.SessionState;

/**
 * Which of a user's sessions an interactive logon reconnects to: a pure function of the sessions
 * and the policy, so its rules are tested without a terminal.
 * <ul>
 *   <li>only the user's own interactive sessions not logging off;</li>
 *   <li>with {@code sameClientOnly}, only one last used from the same client host;</li>
 *   <li>the most recently disconnected one first;</li>
 *   <li>else, with one session per user, the user's (lowest-numbered) connected or starting one,
 *       taken over (two logons at once still give one session); with several allowed, none: the
 *       logon makes a new session.</li>
 * </ul>
 */
public final class ReconnectChoice {
    /** How logons choose. */
    public record Policy(boolean multiplePerUser, boolean sameClientOnly) {
    }

    private ReconnectChoice() {
    }

    static Optional<Session> choose(Collection<Session> sessions, int uid, String clientHost, Policy policy) {
        List<Session> mine = sessions.stream()
                .filter(s -> s.kind() == SessionKind.INTERACTIVE && s.owner().uid() == uid
                        && !s.closing())
                .filter(s -> !policy.sameClientOnly() || s.clientAddress() == null
                        || SessionEnvironment.hostOf(s.clientAddress()).equals(clientHost))
                .toList();
        Optional<Session> disc = mine.stream().filter(s -> s.state() == SessionState.DISCONNECTED)
                .max(Comparator.comparing(s -> s.disconnectTime() == null ? Instant.EPOCH : s.disconnectTime()));
        if (disc.isPresent() || policy.multiplePerUser()) {
            return disc;
        }
        return mine.stream().min(Comparator.comparingInt(Session::id));
    }
}
