package termhost.daemon.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.process.Containment;

/**
 * The live sessions by id, and the ids as Windows gives them: 2 and up, the lowest free one. Verbs:
 * <ul>
 *   <li>{@link #reserve} / {@link #add} / {@link #release}: a logon reserves an id, then adds its
 *       session or releases the id if making it failed;</li>
 *   <li>{@link #remove}: a logoff, once its session is recorded as ended;</li>
 *   <li>{@link #find}, {@link #sessions}, {@link #sessionOfPid}: lookups, from any thread.</li>
 * </ul>
 * Its lock ({@link #locked}) is the one under which a session's phase and connection list change
 * together: picking a session to reconnect to, attaching, and the start of a logoff.
 */
public final class SessionRegistry {
    public static final int FIRST_SESSION_ID = 2;
    public static final int MAX_SESSION_ID = 65535;

    private final Containment containment;
    private final int maxId;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentMap<Integer, Session> byId = new ConcurrentHashMap<>();
    /** Ids being made into sessions; guarded by {@link #lock}. */
    private final Set<Integer> reserved = new TreeSet<>();
    /** Numbers of connections ({@code ssh#N}); guarded by {@link #lock}. */
    private int connectionCounter;

    public SessionRegistry(Containment containment) {
        this(containment, MAX_SESSION_ID);
    }

    /** For tests: a smaller id space. */
    SessionRegistry(Containment containment, int maxId) {
        this.containment = containment;
        this.maxId = maxId;
    }

    /** Runs {@code work} under the registry's lock (short work only: no process, no I/O). */
    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    /** The lowest id neither in use nor reserved, now reserved; UNAVAILABLE when none is left. */
    int reserve() {
        return locked(() -> {
            for (int id = FIRST_SESSION_ID; id <= maxId; id++) {
                if (!byId.containsKey(id) && !reserved.contains(id)) {
                    reserved.add(id);
                    return id;
                }
            }
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_NO_FREE_SESSION_ID,
                    "no free session id in " + FIRST_SESSION_ID + ".." + maxId);
        });
    }

    /** A reserved id is no longer needed (its session could not be made). */
    void release(int id) {
        locked(() -> reserved.remove(id));
    }

    /** Puts a made (or re-adopted) session in; its id's reservation, if any, ends. */
    void add(Session s) {
        locked(() -> {
            byId.put(s.id(), s);
            reserved.remove(s.id());
        });
    }

    /** Takes an ended session out; its id is free again. */
    void remove(Session s) {
        byId.remove(s.id(), s);
    }

    /** The next connection number; call under {@link #locked}. */
    int nextConnectionNumber() {
        return ++connectionCounter;
    }

    public Optional<Session> find(int id) {
        return Optional.ofNullable(byId.get(id)).filter(s -> s.phase() != Session.Phase.ENDED);
    }

    /**
     * Every live session, by id. A session whose logoff is recorded is over, even in the moment
     * before it leaves the map (F7).
     */
    public List<Session> sessions() {
        List<Session> list = new ArrayList<>(byId.values());
        list.removeIf(s -> s.phase() == Session.Phase.ENDED);
        list.sort(Comparator.comparingInt(Session::id));
        return list;
    }

    /** Every session in the map, ended ones included: for the verbs that finish them. */
    Collection<Session> all() {
        return byId.values();
    }

    /** The session whose process group holds {@code pid}: the caller's current session. */
    public Optional<Session> sessionOfPid(long pid) {
        Optional<String> group = containment.groupOf(pid);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return sessions().stream().filter(s -> s.group().id().equals(group.get())).findFirst();
    }
}
