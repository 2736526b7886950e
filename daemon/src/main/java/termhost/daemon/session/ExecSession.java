package termhost.daemon.session;

import termhost.daemon.terminal.Program;

/**
 * A running exec request: the session it made and its program (the user's shell running the
 * command line, on pipes or on a PTY), whose streams the I/O loop moves. The transport logs it off
 * ({@link Logoffs}) when the program ends or its client goes away; everything the command left
 * behind ends with the session.
 */
public record ExecSession(Session session, Program program) {
}
