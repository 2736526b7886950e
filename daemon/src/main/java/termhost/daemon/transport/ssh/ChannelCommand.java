package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.os.OsUser;
import termhost.daemon.session.Actor;

/**
 * What every termhost channel command shares: MINA's streams, the exit callback (called once),
 * and the authenticated user and client address of the SSH connection.
 */
abstract class ChannelCommand implements Command {
    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    private ExitCallback exitCallback;
    private final AtomicBoolean exited = new AtomicBoolean();

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
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
    protected void print(byte[] text, boolean onStderr, Runnable then) {
        try {
            OutputStream o = onStderr ? err : out;
            o.write(text);
            o.flush();
        } catch (IOException e) {
            // the client is already gone; nobody to tell
        }
        then.run();
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
        return channel.getSession().getAttribute(PublicKeyLogon.OS_USER);
    }

    static String addressOf(ChannelSession channel) {
        return format(channel.getSession().getClientAddress());
    }

    static Actor actorOf(ChannelSession channel) {
        OsUser u = userOf(channel);
        return new Actor(u.name(), u.uid(), "ssh " + addressOf(channel));
    }

    static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
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
}
