package termhost.daemon.session;

import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.os.OsUser;
import termhost.daemon.policy.LogonControl;
import termhost.api.LogonMode;

/**
 * {@code change logon}, applied to one logon: drain refuses new sessions (reconnects still go),
 * disable refuses reconnects too; {@code farm.directory-required} refuses new sessions while the farm's
 * directory is out of reach. Every refusal is audited.
 */
final class LogonAdmission {
    private final LogonControl control;
    private final SessionJournal journal;

    LogonAdmission(LogonControl control, SessionJournal journal) {
        this.control = control;
        this.journal = journal;
    }

    /** Returns when the logon may go on; throws ACCESS_DENIED (audited) when it may not. */
    void admit(OsUser user, boolean reconnect, Actor actor) {
        LogonMode mode = control.mode();
        if (!reconnect && mode.allowsNewSessions() && control.newSessionsHeld()) {
            journal.logonRefused(user, actor, "the farm's directory cannot be reached (new session)");
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.LOGON_ERROR_FARM_DIRECTORY,
                    "new sessions are held while the farm's directory cannot be reached");
        }
        if (reconnect ? mode.allowsReconnect() : mode.allowsNewSessions()) {
            return;
        }
        journal.logonRefused(user, actor, "logons are " + mode.wireName() + (reconnect ? " (reconnect)" : " (new session)"));
        throw new TermhostException(ErrorCategory.ACCESS_DENIED, mode.refusalKey(),
                "logons are " + mode.wireName() + " on this host");
    }
}
