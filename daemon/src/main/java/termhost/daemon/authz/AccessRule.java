package termhost.daemon.authz;

import java.util.List;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/**
 * What an operation needs of its caller, declared once, where the operation is routed. The kind
 * of rule fixes the kind of permit the operation gets, so a listing cannot refuse, and a session
 * operation can act on nothing it has not asked its permit about.
 *
 * @param <P> the permit the operation is handed
 */
public abstract class AccessRule<P extends Permit> {
    private AccessRule() {
    }

    abstract P admit(AccessGate gate, Caller caller);

    /** Anyone may (e.g. reading the settings, which hold no secret). */
    public static AccessRule<Permit> open() {
        return new Open();
    }

    /**
     * Full Control over the host (reading the audit log, changing rights or logon mode), decided
     * before the operation runs.
     *
     * @param refusal the audit record's detail of a refusal, e.g. {@code change logon: needs Full Control}
     * @param what what was refused, for the error's detail, e.g. {@code change logon}
     */
    public static AccessRule<Permit> fullControl(String refusal, String what) {
        return new FullControl(refusal, what);
    }

    /**
     * Acting on sessions: one's own always; another user's with any one of {@code anyOf}. The rows
     * that are not sessions (services, console, listener) are refused to everyone.
     *
     * @param verb what is done, in the audit log's words ({@code logoff}, {@code message}, ...)
     * @param reservedRefusal the Windows refusal of a row that is not a session ("Could not ...")
     */
    public static AccessRule<SessionPermit> onSessions(String verb, MessageKey reservedRefusal, Right... anyOf) {
        return new OnSessions(verb, reservedRefusal, List.of(anyOf));
    }

    /** Listing sessions: one's own always; others' with {@code right}, else silently left out. */
    public static AccessRule<ListingPermit> listing(Right right) {
        return new Listing(right);
    }

    private static final class Open extends AccessRule<Permit> {
        @Override
        Permit admit(AccessGate gate, Caller caller) {
            return new Permit(caller);
        }
    }

    private static final class FullControl extends AccessRule<Permit> {
        private final String refusal;
        private final String what;

        FullControl(String refusal, String what) {
            this.refusal = refusal;
            this.what = what;
        }

        @Override
        Permit admit(AccessGate gate, Caller caller) {
            if (!gate.rightsOverOthers(caller).equals(Rights.FULL_CONTROL)) {
                throw gate.denied(caller, null, null, refusal, new TermhostException(ErrorCategory.ACCESS_DENIED,
                        MessageKey.ERROR_CODE_5, caller.name() + ": " + what + ": access denied"));
            }
            return new Permit(caller);
        }
    }

    private static final class OnSessions extends AccessRule<SessionPermit> {
        private final String verb;
        private final MessageKey reservedRefusal;
        /** In the order given: a refusal names them so ("needs Logoff or Reset"). */
        private final List<Right> anyOf;

        OnSessions(String verb, MessageKey reservedRefusal, List<Right> anyOf) {
            this.verb = verb;
            this.reservedRefusal = reservedRefusal;
            this.anyOf = anyOf;
        }

        @Override
        SessionPermit admit(AccessGate gate, Caller caller) {
            return new SessionPermit(gate, caller, verb, reservedRefusal, anyOf);
        }
    }

    private static final class Listing extends AccessRule<ListingPermit> {
        private final Right right;

        Listing(Right right) {
            this.right = right;
        }

        @Override
        ListingPermit admit(AccessGate gate, Caller caller) {
            return new ListingPermit(gate, caller, right);
        }
    }
}
