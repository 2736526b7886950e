package termhost.daemon.authz;

import termhost.daemon.session.Session;

/**
 * A listing's permit: which sessions the caller is shown. Leaving others' sessions out is not a
 * denial, so nothing here refuses or audits.
 */
public final class ListingPermit extends Permit {
    private final AccessGate gate;
    private final Right right;
    private volatile Boolean seesOthers;

    ListingPermit(AccessGate gate, Caller caller, Right right) {
        super(caller);
        this.gate = gate;
        this.right = right;
    }

    /** One's own session always; another user's with the listing's right. */
    public boolean shows(Session s) {
        return showsOwner(s.owner().uid());
    }

    /** {@link #shows} for a session known by its owner's uid only (another host's, in a farm's listing). */
    public boolean showsOwner(int ownerUid) {
        return ownerUid == caller().uid() || seesOthers();
    }

    /** Asked once per request: a listing of a thousand sessions reads group membership once. */
    private boolean seesOthers() {
        if (seesOthers == null) {
            seesOthers = gate.rightsOverOthers(caller()).contains(right);
        }
        return seesOthers;
    }
}
