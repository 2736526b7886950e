package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.Optional;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.api.TermhostException;
import termhost.daemon.policy.Redirections;
import termhost.daemon.session.Connection;
import termhost.daemon.session.ForwardedAgent;
import termhost.daemon.session.SessionCore;
import termhost.daemon.session.TerminalSpec;
import termhost.daemon.session.Viewer;

/**
 * An interactive logon (an SSH shell request): attaches the channel to the user's session, new or
 * reconnected. The channel is only a connection: when it closes, the session is disconnected, not
 * ended. Its streams are MINA's non-blocking ones: no thread waits on a connected client (the
 * logon runs on one that ends with it).
 */
final class ShellCommand extends ChannelCommand implements Viewer {
    private static final Logger log = LoggerFactory.getLogger(ShellCommand.class);

    private final SessionCore sessions;
    /** Relays logons to the host holding the user's session; null outside a farm that relays. */
    private final Relaying relaying;
    private volatile Connection connection;
    private volatile Relay relay;
    private volatile ChannelSession channel;

    ShellCommand(SessionCore sessions, Relaying relaying) {
        this.sessions = sessions;
        this.relaying = relaying;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        this.channel = channel;
        attach(channel);
        TerminalSpec spec = terminalOf(env);
        // listen before the logon: a window-change that arrives while the session starts must not be lost
        env.addSignalListener((ch, signal) -> applySize(env), Signal.WINCH);
        Thread t = new Thread(() -> logon(spec, env), "logon-" + addressOf(channel));
        t.setDaemon(true);
        t.start();
    }

    /** The client's agent, when this connection forwards one (a session takes it only from its owner). */
    @Override
    public Optional<ForwardedAgent> agent() {
        ChannelSession ch = channel;
        return ch == null ? Optional.empty() : ClientAgent.of(sshConnection(ch));
    }

    @Override
    public boolean agentAllowed() {
        ChannelSession ch = channel;
        return ch != null && ConnectionRedirections.decided(sshConnection(ch)).allows(Redirections.Kind.AGENT);
    }

    private void logon(TerminalSpec spec, Environment env) {
        long t0 = System.nanoTime();
        Runnable arrival = relaying == null ? () -> { } : relaying.arrived(channel, env);
        if (relaying != null) {
            long t1 = System.nanoTime();
            Optional<Relay> relayed;
            try {
                relayed = relaying.relay(channel, env, new Relay.Sink() {
                    @Override
                    public void out(byte[] chunk, boolean stderr, Runnable sent) {
                        (stderr ? errors : output).send(chunk, sent);
                    }

                    @Override
                    public void ended(Integer status, String signal) {
                        relayEnded(status, signal);
                    }
                });
            } catch (IOException e) {
                exit(1, "termhost: cannot reach your session: " + e.getMessage(), true);
                return;
            }
            if (relayed.isPresent()) {
                relay = relayed.get();
                applySize(env);
                readInput();
                log.debug("logon of {}: arrival {} ms, relay {} ms", userOf(channel).name(), (t1 - t0) / 1_000_000,
                        (System.nanoTime() - t1) / 1_000_000);
                return;
            }
            log.debug("logon of {}: arrival {} ms, routing {} ms", userOf(channel).name(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        }
        long t2 = System.nanoTime();
        try {
            connection = sessions.logons().connectInteractive(userOf(channel), this, spec, actorOf(channel));
            log.debug("logon of {}: attached in {} ms", userOf(channel).name(), (System.nanoTime() - t2) / 1_000_000);
        } catch (TermhostException | IOException e) {
            log.warn("logon of {} from {} failed: {}", userOf(channel).name(), addressOf(channel), e.getMessage());
            exit(1, "termhost: cannot start your session: " + e.getMessage(), true);
            return;
        } finally {
            arrival.run();
        }
        applySize(env); // the size may have changed since the pty-req
        readInput();
    }

    private void relayEnded(Integer status, String signal) {
        if (signal != null) {
            ((SessionChannel) channel).endedBySignal(signal, false, "");
        }
        exit(status == null ? (signal == null ? 0 : 255) : status, null, false);
    }

    private void applySize(Environment env) {
        Relay r = relay;
        if (r != null) {
            r.resize(columnsOf(env), linesOf(env));
            return;
        }
        Connection c = connection;
        if (c != null) {
            c.resize(columnsOf(env), linesOf(env));
        }
    }

    @Override
    protected boolean deliver(byte[] data, int off, int len, Runnable resume) {
        Relay r = relay;
        return r != null ? r.input(data, off, len, resume) : connection.input(data, off, len, resume);
    }

    @Override
    protected void inputEnded() {
        // EOF from the client, or the channel closed: a disconnect unless already ended
        Relay r = relay;
        if (r != null) {
            r.close();
        }
        Connection c = connection;
        if (c != null) {
            sessions.attachments().disconnect(c, ConnectionEnd.of(channel.getSession()));
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        Relay r = relay;
        if (r != null) {
            r.close();
        }
        Connection c = connection;
        if (c != null) {
            sessions.attachments().disconnect(c, ConnectionEnd.of(channel.getSession()));
        }
    }

    @Override
    public void send(byte[] chunk, Runnable sent) {
        output.send(chunk, sent);
    }

    @Override
    public String clientAddress() {
        return addressOf(channel);
    }

    @Override
    public String serverAddress() {
        return serverAddressOf(channel);
    }

    @Override
    public void switched(Connection next) {
        connection = next;
    }

    @Override
    public void end(String reason, int exitStatus) {
        exit(exitStatus, reason, false);
    }
}
