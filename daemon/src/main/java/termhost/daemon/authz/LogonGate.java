package termhost.daemon.authz;

import termhost.daemon.store.StoreException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.LockStatus;
import termhost.daemon.os.Nologin;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;

/**
 * Who may log on, in two steps as sshd takes them. {@link #admit}, before any key is looked at: an
 * existing OS account, not locked or expired (OpenSSH's allowed_user), with the Logon right, and
 * (when the daemon is not root) only the daemon's own user. {@link #admitProven}, once the client
 * has proven its key: no {@code nologin} file bars it (sshd's do_nologin, or pam_nologin in PAM's
 * account step, both after authentication), so only a proven user is shown the file's text. Every
 * refusal is logged and audited with the client address.
 */
public final class LogonGate {
    private static final Logger log = LoggerFactory.getLogger(LogonGate.class);

    private final OsUsers users;
    private final AuditLog audit;
    private final Clock clock;
    private final Integer onlyUid;
    private final AccessPolicy policy;
    private final Nologin nologin;

    /** @param onlyUid the one uid allowed (single-user mode), or null for everyone */
    public LogonGate(OsUsers users, AccessPolicy policy, Nologin nologin, AuditLog audit, Clock clock,
            Integer onlyUid) {
        this.users = users;
        this.policy = policy;
        this.nologin = nologin;
        this.audit = audit;
        this.clock = clock;
        this.onlyUid = onlyUid;
    }

    /** The account {@code name} may try to log on with, or the reason it may not. */
    public sealed interface Verdict permits Admitted, Refused {
    }

    public record Admitted(OsUser user) implements Verdict {
    }

    /**
     * @param reason why, for the log and the audit row
     * @param notice what the client is to be shown, or null
     */
    public record Refused(String reason, String notice) implements Verdict {
        public Refused(String reason) {
            this(reason, null);
        }
    }

    public Verdict admit(String name) {
        Optional<OsUser> user = users.byName(name);
        if (user.isEmpty()) {
            return new Refused("no such user");
        }
        if (onlyUid != null && user.get().uid() != onlyUid) {
            return new Refused("this termhost runs as a single user and accepts only uid " + onlyUid);
        }
        LockStatus lock = users.lockStatus(user.get());
        if (lock == LockStatus.LOCKED) {
            return new Refused("account locked");
        }
        if (lock == LockStatus.EXPIRED) {
            return new Refused("account expired");
        }
        if (!policy.allows(user.get().uid(), user.get(), Right.LOGON, null)) {
            return new Refused("no Logon right");
        }
        return new Admitted(user.get());
    }

    /**
     * The second step, for a user {@link #admit} let through who has now proven the key: while a
     * {@code nologin} file exists only uid 0 goes on (any name for it, as sshd and pam_nologin
     * check the uid); the others are refused with the file's text.
     */
    public Verdict admitProven(OsUser user) {
        if (user.uid() == 0) {
            return new Admitted(user);
        }
        return nologin.current()
                .<Verdict>map(n -> new Refused("logons are refused by " + n.file(), n.text()))
                .orElseGet(() -> new Admitted(user));
    }

    /** Records a refused logon (once per connection). */
    public void refused(String name, String clientAddress, String reason) {
        log.info("logon refused: user '{}' from {}: {}", printable(name), clientAddress, reason);
        try {
            audit.record(new AuditEvent(clock.instant(), AuditType.LOGON_REFUSED, printable(name), null,
                    "ssh " + clientAddress, null, null, "denied", reason));
        } catch (StoreException e) {
            log.warn("cannot audit a refused logon: {}", e.getMessage());
        }
    }

    /** A user name as sent by a client may hold anything: keep it printable and short. */
    static String printable(String name) {
        String s = name == null ? "" : name.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
