package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.Map;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;

/**
 * MINA's session channel with what OpenSSH's has besides: output streams that keep packets
 * flowing (see {@link ChannelOutput}); it remembers whether the client asked
 * for a terminal (a {@code pty-req}; a TERM sent by an {@code env} request is not one), and a
 * command ended by a signal is reported as RFC 4254's {@code exit-signal} instead of an
 * {@code exit-status}, so {@code ssh} says "killed by signal" and exits 255 as it does with sshd.
 */
final class SessionChannel extends ChannelSession {
    /** Makes the channels of {@code session} requests. */
    static final ChannelFactory FACTORY = new ChannelFactory() {
        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new SessionChannel();
        }
    };

    private record ExitSignal(String name, boolean coreDumped, String message) {
    }

    private final ChannelOutput stdout = ChannelOutput.stdout(this);
    private final ChannelOutput stderr = ChannelOutput.stderr(this);
    private volatile boolean terminalRequested;
    private volatile ExitSignal exitSignal;

    /** The command's output, written without blocking and without waiting packet by packet. */
    ChannelOutput stdout() {
        return stdout;
    }

    ChannelOutput stderr() {
        return stderr;
    }

    @Override
    public void handleWindowAdjust(Buffer buffer) throws IOException {
        super.handleWindowAdjust(buffer);
        stdout.windowExpanded();
        stderr.windowExpanded();
    }

    /** True once the client sent a {@code pty-req}: the command gets a terminal. */
    boolean terminalRequested() {
        return terminalRequested;
    }

    /** Reports the coming exit as the signal {@code name} (RFC 4254's name, without "SIG"). */
    void endedBySignal(String name, boolean coreDumped, String message) {
        exitSignal = new ExitSignal(name, coreDumped, message);
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
            Map<PtyMode, Integer> modes) throws IOException {
        if (!PublicKeyLogon.keyOptions(getServerSession()).pty()) {
            // the key's no-pty (or restrict): the command runs on pipes, as sshd runs it
            log.info("{}: pty-req refused: the key does not permit a terminal", getServerSession().getClientAddress());
            return RequestHandler.Result.ReplyFailure;
        }
        terminalRequested = true;
        return super.handlePtyReqParsed(term, columns, rows, width, height, modes);
    }

    /**
     * MINA asks the agent forwarding filter only when it has an agent factory, and termhost has none
     * (MINA's agents run in the JVM, as root): the policy ({@link ConnectionRedirections}) is asked
     * here; when it allows {@code ssh -A}, the session gets its agent socket from the session domain
     * (made by the user's helper), not from MINA.
     */
    @Override
    protected RequestHandler.Result handleAgentForwardingParsed(String requestType) throws IOException {
        ServerSession s = getServerSession();
        return s.getFactoryManager().getAgentForwardingFilter().canForwardAgent(s, requestType)
                ? RequestHandler.Result.ReplySuccess : RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected void sendExitStatus(int status) throws IOException {
        ExitSignal s = exitSignal;
        if (s == null) {
            super.sendExitStatus(status);
            return;
        }
        Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
        buffer.putUInt(getRecipient());
        buffer.putString("exit-signal");
        buffer.putBoolean(false); // want-reply must be false: RFC 4254 section 6.10
        buffer.putString(s.name());
        buffer.putBoolean(s.coreDumped());
        buffer.putString(s.message());
        buffer.putString(""); // language tag
        writePacket(buffer);
    }
}
