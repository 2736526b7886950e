package termhost.daemon.transport.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.TerminalModes;
import termhost.daemon.session.Actor;
import termhost.daemon.session.TerminalSpec;

/**
 * What every termhost channel command shares: MINA's non-blocking streams (no thread waits on a
 * client), the client's input read with back-pressure, the exit callback (called once), and the
 * authenticated user and client address of the SSH connection.
 */
abstract class ChannelCommand implements AsyncCommand {
    /** How much of the client's input one read takes. */
    private static final int READ_SIZE = 32 * 1024;

    private IoInputStream input;
    protected ChannelOutput output;
    protected ChannelOutput errors;
    private ExitCallback exitCallback;
    private final AtomicBoolean exited = new AtomicBoolean();

    @Override
    public void setIoInputStream(IoInputStream in) {
        this.input = in;
    }

    /** Takes the output streams of {@code channel}; first thing in {@link #start}. */
    protected void attach(ChannelSession channel) {
        SessionChannel c = (SessionChannel) channel; // every session channel is ours (SshTransport)
        output = c.stdout();
        errors = c.stderr();
    }

    // MINA's output streams, asynchronous or blocking: the channel's own are used instead (attach)

    @Override
    public void setIoOutputStream(IoOutputStream out) {
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
    }

    @Override
    public void setInputStream(InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }

    /**
     * Hands the client's bytes on: true when they are taken now; else {@code resume} runs once
     * they are, and only then is the next read asked for.
     */
    protected abstract boolean deliver(byte[] data, int off, int len, Runnable resume);

    /** The client's input ended (its EOF), or the channel closed. */
    protected abstract void inputEnded();

    /**
     * Reads the client's input, one read at a time: the next is asked for only once the last was
     * taken, so the SSH window holds back a client that sends faster than the program reads. Runs
     * on whichever thread finished the previous step.
     */
    protected final void readInput() {
        while (true) {
            IoReadFuture read = input.read(new ByteArrayBuffer(READ_SIZE));
            if (!read.isDone()) {
                read.addListener(done -> {
                    if (handOn(done)) {
                        readInput();
                    }
                });
                return;
            }
            if (!handOn(read)) {
                return;
            }
        }
    }

    /** True when the next read may follow at once. */
    private boolean handOn(IoReadFuture read) {
        if (read.getException() != null) {
            inputEnded();
            return false;
        }
        return read.getRead() <= 0
                || deliver(read.getBuffer().array(), read.getBuffer().rpos(), read.getRead(), this::readInput);
    }

    /** Closes the channel with {@code status}, once; {@code line} (if any) is printed first. */
    protected void exit(int status, String line, boolean onStderr) {
        if (!exited.compareAndSet(false, true)) {
            return;
        }
        if (line == null) {
            finish(status);
        } else {
            print(("\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8), onStderr, () -> finish(status));
        }
    }

    /** Writes {@code text} to the client, then runs {@code then} (also when the client is already gone). */
    private void print(byte[] text, boolean onStderr, Runnable then) {
        (onStderr ? errors : output).send(text, then);
    }

    private void finish(int status) {
        if (exitCallback != null) {
            exitCallback.onExit(status);
        }
    }

    protected boolean exited() {
        return exited.get();
    }

    static OsUser userOf(ChannelSession channel) {
        return userOf(channel.getSession());
    }

    static OsUser userOf(ServerSession connection) {
        return connection.getAttribute(PublicKeyLogon.OS_USER);
    }

    static String addressOf(ChannelSession channel) {
        return addressOf(channel.getSession());
    }

    /** The client's address; for a logon a farm host relayed here, the client that host serves. */
    static String addressOf(ServerSession connection) {
        String relayed = connection.getAttribute(FarmHostBased.RELAYED_CLIENT);
        return relayed != null ? relayed : format(connection.getClientAddress());
    }

    /** The connection's own address on our side: the one the client reached, {@code host:port}. */
    static String serverAddressOf(ChannelSession channel) {
        return format(channel.getSession().getIoSession().getLocalAddress());
    }

    static Actor actorOf(ChannelSession channel) {
        return actorOf(channel.getSession());
    }

    static Actor actorOf(ServerSession connection) {
        OsUser u = userOf(connection);
        String via = connection.getAttribute(FarmHostBased.RELAYED_VIA);
        return new Actor(u.name(), u.uid(), "ssh " + addressOf(connection) + (via == null ? "" : " via " + via));
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? numeric(i.getAddress()) : i.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /**
     * An address as OpenSSH writes it (getnameinfo with NI_NUMERICHOST, that is inet_ntop): IPv6
     * with its longest run of zero groups shortened to {@code ::} ({@code ::1}, where Java writes
     * {@code 0:0:0:0:0:0:0:1}), an IPv4-mapped one as {@code ::ffff:192.0.2.7}, a scope kept.
     */
    static String numeric(java.net.InetAddress address) {
        if (!(address instanceof java.net.Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestLen < 2) {
            bestStart = -1; // a lone zero group is written out (RFC 5952, as glibc does)
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            // an IPv4 address inside (::ffff:a.b.c.d, or the old ::a.b.c.d) ends in dotted form
            if (i == 6 && bestStart == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                s.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.').append(b[14] & 0xff).append('.')
                        .append(b[15] & 0xff);
                break;
            }
            s.append(Integer.toHexString(words[i]));
            if (i < 7) {
                s.append(':');
            }
        }
        String host = s.toString();
        String full = address.getHostAddress();
        int scope = full.indexOf('%');
        return scope < 0 ? host : host + full.substring(scope);
    }

    /** The client's host address alone (no port): what the logon throttle counts by. */
    static String hostOf(SocketAddress a) {
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }

    static ServerSession sshConnection(ChannelSession channel) {
        return channel.getServerSession();
    }

    /** The terminal of a {@code pty-req}: its type, size and modes, and the variables the client sent. */
    static TerminalSpec terminalOf(Environment env) {
        Map<String, String> vars = env.getEnv();
        Map<Integer, Integer> modes = new HashMap<>();
        env.getPtyModes().forEach((mode, value) -> modes.put(mode.toInt(), value));
        return new TerminalSpec(vars.get(Environment.ENV_TERM), columnsOf(env), linesOf(env),
                TerminalModes.of(modes), vars);
    }

    /** The client's window width now (a window-change updates it), 0 when unknown. */
    static int columnsOf(Environment env) {
        return intOf(env.getEnv().get(Environment.ENV_COLUMNS));
    }

    static int linesOf(Environment env) {
        return intOf(env.getEnv().get(Environment.ENV_LINES));
    }

    private static int intOf(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
