package termhost.daemon.authz;

/**
 * What the {@link AccessGate} hands an operation it lets in: who is asking, and (in the
 * subclasses) the only way to ask about sessions. Only the gate makes permits.
 */
public class Permit {
    private final Caller caller;

    Permit(Caller caller) {
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }
}
