package termhost.daemon.authz;

import java.util.List;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.session.Session;

/**
 * A session operation's permit, bound to the operation's rights: the caller may act on their own
 * sessions always, and on another user's with any one of those rights. A refusal is audited (once)
 * and thrown as {@code ACCESS_DENIED}.
 */
public final class SessionPermit extends Permit {
    private final AccessGate gate;
    private final String verb;
    private final MessageKey reservedRefusal;
    private final List<Right> anyOf;
    private volatile Set<Right> rights;

    SessionPermit(AccessGate gate, Caller caller, String verb, MessageKey reservedRefusal, List<Right> anyOf) {
        super(caller);
        this.gate = gate;
        this.verb = verb;
        this.reservedRefusal = reservedRefusal;
        this.anyOf = anyOf;
    }

    /** The caller may act on {@code s}, or this throws the (audited) refusal. */
    public void requireOn(Session s) {
        if (!mayActOn(s)) {
            throw gate.denied(caller(), s.id(), s.owner().name(),
                    verb + ": another user's session needs " + names(anyOf), accessDenied(s));
        }
    }

    /** Whether the caller may act on {@code s}, without refusing: for {@code *} (every session one may). */
    public boolean mayActOn(Session s) {
        return mayActOnOwner(s.owner().uid());
    }

    /**
     * {@link #mayActOn} for a session known by its owner's uid only (another host's, in a farm): by
     * this host's rules, which that host checks again by its own.
     */
    public boolean mayActOnOwner(int ownerUid) {
        if (ownerUid == caller().uid()) {
            return true;
        }
        for (Right r : anyOf) {
            if (rights().contains(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Beyond the operation's rights, another user's session {@code s} needs Full Control too (tscon:
     * Connect alone would hand over that user's shell).
     *
     * @param why the audit record's reason, after the verb
     */
    public void requireFullControlOver(Session s, String why) {
        if (s.owner().uid() != caller().uid() && !rights().equals(Rights.FULL_CONTROL)) {
            throw gate.denied(caller(), s.id(), s.owner().name(), verb + ": " + why, accessDenied(s));
        }
    }

    /** The (audited) refusal of acting on {@code s}, for {@code why}, to throw. */
    public TermhostException refusal(Session s, String why) {
        return gate.denied(caller(), s.id(), s.owner().name(), verb + ": " + why, accessDenied(s));
    }

    /**
     * Refuses a row that is not a session (services, console, listener): to everyone, root
     * included, in the operation's Windows words ("Could not logoff session ID 1 from session
     * console"). Always throws.
     */
    public void refuseReserved(int id, String name) {
        throw gate.denied(caller(), id, null, verb + ": the " + name + " session cannot be " + verb + "ed",
                new TermhostException(ErrorCategory.ACCESS_DENIED, reservedRefusal,
                        "session " + id + " (" + name + "): cannot " + verb, Integer.toString(id), name));
    }

    private TermhostException accessDenied(Session s) {
        return new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                "session " + s.id() + " (" + s.owner().name() + "): cannot " + verb + ": access denied");
    }

    /** Asked once per request: {@code msg *} to a thousand sessions reads group membership once. */
    private Set<Right> rights() {
        if (rights == null) {
            rights = gate.rightsOverOthers(caller());
        }
        return rights;
    }

    private static String names(List<Right> rights) {
        StringBuilder sb = new StringBuilder();
        for (Right r : rights) {
            sb.append(sb.length() == 0 ? "" : " or ").append(r.displayName());
        }
        return sb.toString();
    }
}
