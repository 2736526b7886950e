package termhost.daemon.authz;

import java.util.Optional;
import termhost.daemon.policy.Redirections;

/**
 * What one SSH connection may forward: asked before each forward is opened. Each answer is empty
 * when allowed, else the reason for the refusal.
 */
public interface ForwardingPermits {
    /** A connection to {@code host}:{@code port} from the client ({@code ssh -L}, {@code -D}). */
    Optional<String> refuseConnect(String host, int port);

    /** A listener on {@code address}:{@code port} whose connections go to the client ({@code ssh -R}). */
    Optional<String> refuseListen(String address, int port);

    /** The client's agent reached from the session ({@code ssh -A}). */
    Optional<String> refuseAgent();

    /**
     * What {@code redirections} allow: the host's {@code redirect.*} settings, the Virtual Channels
     * right and the limits of the logon's key options (for a certificate, what its extensions permit);
     * and where the key lets {@code -L}/{@code -D} connect ({@code permitopen=}) and {@code -R} listen
     * ({@code permitlisten=}).
     */
    static ForwardingPermits of(Redirections redirections, KeyOptions key) {
        return new ForwardingPermits() {
            @Override
            public Optional<String> refuseConnect(String host, int port) {
                String why = redirections.refusal(Redirections.Kind.LOCAL_PORTS);
                if (why == null && !key.opens(host, port)) {
                    why = "the key's permitopen= does not name " + host + ":" + port;
                }
                return Optional.ofNullable(why);
            }

            @Override
            public Optional<String> refuseListen(String address, int port) {
                String why = redirections.refusal(Redirections.Kind.REMOTE_PORTS);
                if (why == null && !key.listens(address, port)) {
                    why = "the key's permitlisten= does not name " + address + ":" + port;
                }
                return Optional.ofNullable(why);
            }

            @Override
            public Optional<String> refuseAgent() {
                return Optional.ofNullable(redirections.refusal(Redirections.Kind.AGENT));
            }
        };
    }
}
