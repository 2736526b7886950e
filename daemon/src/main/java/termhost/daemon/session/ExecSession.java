package termhost.daemon.session;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A running exec request: the session it made and the process (the user's shell running the
 * command). The transport copies the pipes and logs it off ({@link Logoffs}) when the process
 * ends or its client goes away; everything the command left behind ends with the session.
 */
public record ExecSession(Session session, Process process) {
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public InputStream stderr() {
        return process.getErrorStream();
    }
}
