package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import termhost.daemon.farm.FarmRelay;

/**
 * One relayed interactive logon, on the entry host: a shell channel to the holding host, opened
 * with the client's terminal (type, size, modes) and the variables the policy passes (LANG and
 * LC_*, as {@code AcceptEnv}), bridged to the client's channel both ways with back-pressure (a
 * read on one side is asked for only once the other has taken the last), window changes passed on,
 * and the holding host's exit status or signal handed back when its channel closes.
 */
final class Relay implements AutoCloseable {
    /** The variable that tells the holding host which client a relayed logon serves. */
    static final String CLIENT_VARIABLE = "TERMHOST_RELAYED_CLIENT";
    private static final int READ_SIZE = 32 * 1024;

    /** Where the holding host's side goes: the client's channel. */
    interface Sink {
        void out(byte[] chunk, boolean stderr, Runnable sent);

        /** The holding host's channel closed: its exit status, or the signal that ended its command. */
        void ended(Integer status, String signal);
    }

    private final ClientSession session;
    private final ChannelShell shell;
    private final Sink sink;
    /** Two readers and the channel's close: the end is told once all three are done, so no output is lost. */
    private final AtomicInteger open = new AtomicInteger(3);

    private Relay(ClientSession session, ChannelShell shell, Sink sink) {
        this.session = session;
        this.shell = shell;
        this.sink = sink;
    }

    /** Opens the shell on {@code session} (a relay connection) and starts moving its output to {@code sink}. */
    static Relay open(ClientSession session, Environment env, String clientAddress, Sink sink) throws IOException {
        PtyChannelConfiguration pty = new PtyChannelConfiguration();
        Map<String, String> vars = env.getEnv();
        pty.setPtyType(vars.getOrDefault(Environment.ENV_TERM, "dumb"));
        pty.setPtyColumns(Math.max(1, ChannelCommand.columnsOf(env)));
        pty.setPtyLines(Math.max(1, ChannelCommand.linesOf(env)));
        pty.setPtyModes(env.getPtyModes());
        Map<String, Object> sent = new LinkedHashMap<>();
        vars.forEach((name, value) -> {
            if (name.equals("LANG") || name.startsWith("LC_")) {
                sent.put(name, value);
            }
        });
        sent.put(CLIENT_VARIABLE, clientAddress);
        ChannelShell shell = session.createShellChannel(pty, sent);
        shell.setStreaming(ClientChannel.Streaming.Async);
        shell.open().verify(RelayClient.CONNECT_TIMEOUT);
        Relay relay = new Relay(session, shell, sink);
        shell.addCloseFutureListener(f -> relay.done());
        relay.pump(shell.getAsyncOut(), false);
        relay.pump(shell.getAsyncErr(), true);
        return relay;
    }

    /** Moves one stream's output to the sink, one read at a time: the next only once the sink took the last. */
    private void pump(IoInputStream in, boolean stderr) {
        ByteArrayBuffer buffer = new ByteArrayBuffer(READ_SIZE);
        IoReadFuture read = in.read(buffer);
        read.addListener(f -> {
            if (f.getException() != null || f.getRead() < 0) {
                done();
                return;
            }
            byte[] chunk = new byte[f.getRead()];
            System.arraycopy(f.getBuffer().array(), f.getBuffer().rpos(), chunk, 0, chunk.length);
            sink.out(chunk, stderr, () -> pump(in, stderr));
        });
    }

    private void done() {
        if (open.decrementAndGet() == 0) {
            sink.ended(shell.getExitStatus(), shell.getExitSignal());
        }
    }

    /** Sends the client's bytes on: true when taken now, else {@code resume} runs once they are. */
    boolean input(byte[] data, int off, int len, Runnable resume) {
        try {
            shell.getAsyncIn().writeBuffer(new ByteArrayBuffer(data, off, len, true)).addListener(f -> resume.run());
        } catch (IOException e) {
            close();
            return true;
        }
        return false;
    }

    void resize(int columns, int lines) {
        try {
            shell.sendWindowChange(columns, lines);
        } catch (IOException e) {
            // the channel is closing: its end is told anyway
        }
    }

    /** Ends the relayed connection; the holding host disconnects the session. A second call does nothing. */
    @Override
    public void close() {
        session.close(false);
    }
}
