package termhost.daemon.authz;

import java.util.Optional;

/**
 * What one SSH connection may forward: asked before each forward is opened. Today only the key
 * or certificate of the logon limits it ({@code no-port-forwarding}, {@code restrict},
 * {@code no-agent-forwarding}; a certificate without {@code permit-port-forwarding} or
 * {@code permit-agent-forwarding}); the host's {@code redirect.*} settings and the Virtual
 * Channels right join here. Each answer is empty when allowed, else the reason for the refusal.
 */
public interface ForwardingPermits {
    /** A connection to {@code host}:{@code port} from the client ({@code ssh -L}, {@code -D}). */
    Optional<String> refuseConnect(String host, int port);

    /** A listener on {@code address}:{@code port} whose connections go to the client ({@code ssh -R}). */
    Optional<String> refuseListen(String address, int port);

    /** The client's agent reached from the session ({@code ssh -A}). */
    Optional<String> refuseAgent();

    /** The limits of a logon's key options (for a certificate, what its extensions permit). */
    static ForwardingPermits of(KeyOptions key) {
        return new ForwardingPermits() {
            @Override
            public Optional<String> refuseConnect(String host, int port) {
                return key.portForwarding() ? Optional.empty()
                        : Optional.of("the key does not permit port forwarding");
            }

            @Override
            public Optional<String> refuseListen(String address, int port) {
                return refuseConnect(address, port);
            }

            @Override
            public Optional<String> refuseAgent() {
                return key.agentForwarding() ? Optional.empty()
                        : Optional.of("the key does not permit agent forwarding");
            }
        };
    }
}
