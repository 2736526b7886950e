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

    /** A connection to the Unix socket at {@code path} from the client ({@code ssh -L ...:PATH}). */
    Optional<String> refuseConnectPath(String path);

    /** A Unix socket listener at {@code path} whose connections go to the client ({@code ssh -R PATH:...}). */
    Optional<String> refuseListenPath(String path);

    /** The client's agent reached from the session ({@code ssh -A}). */
    Optional<String> refuseAgent();

    /**
     * What {@code redirections} allow: the host's {@code redirect.*} settings, the Virtual Channels
     * right and the limits of the logon's key options (for a certificate, what its extensions permit);
     * and where the key lets {@code -L}/{@code -D} connect ({@code permitopen=}) and {@code -R} listen
     * ({@code permitlisten=}). Unix-socket forwards follow the port forwards' rules, as sshd's
     * {@code no-port-forwarding} covers them: a key with {@code permitopen=} reaches only the
     * paths it names with port {@code *} ({@code permitopen="/run/x.sock:*"}, or {@code *:*}), as
     * sshd's {@code open_match} of a path; {@code permitlisten=} names ports, never paths.
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
            public Optional<String> refuseConnectPath(String path) {
                String why = redirections.refusal(Redirections.Kind.LOCAL_PORTS);
                if (why == null && !key.opensPath(path)) {
                    why = "the key's permitopen= does not name " + path;
                }
                return Optional.ofNullable(why);
            }

            @Override
            public Optional<String> refuseListenPath(String path) {
                return Optional.ofNullable(redirections.refusal(Redirections.Kind.REMOTE_PORTS));
            }

            @Override
            public Optional<String> refuseAgent() {
                return Optional.ofNullable(redirections.refusal(Redirections.Kind.AGENT));
            }
        };
    }
}
