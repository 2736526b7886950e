package termhost.daemon.authz;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.LockStatus;
import termhost.daemon.os.Nologin;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.store.StoreException;

/**
 * Who may log on, in two steps as sshd takes them. {@link #admit}, before any key is looked at: an
 * existing OS account, not locked or expired (OpenSSH's allowed_user), with the Logon right, and
 * (when the daemon is not root) only the daemon's own user. {@link #admitProven}, once the client
 * has proven who it is: no {@code nologin} file bars it (sshd's do_nologin, or pam_nologin in PAM's
 * account step, both after authentication), so only a proven user is shown the file's text; then
 * the host's PAM account stack (expiry, pam_access, pam_nologin), run for keys by
 * {@link #admitProvenKey} and inside the same transaction as the password by
 * {@link PamLogons#password} and {@link PamLogons#authenticate}. Every refusal is logged and
 * audited with the client address.
 *
 * <p>Both termhost's own checks and PAM's account stack must pass. PAM alone would let a
 * {@code passwd -l} account in by key (pam_unix's account stack does not look at the lock, which
 * is why sshd with {@code UsePAM yes} admits it), while DESIGN §5 refuses locked accounts; our
 * checks alone would miss what the host adds to its stack (pam_access, pam_time, an inactive
 * password). A lone {@code !} (never set) stays no lock, as with Debian's sshd.
 */
public final class LogonGate {
    private static final Logger log = LoggerFactory.getLogger(LogonGate.class);

    private final OsUsers users;
    private final AuditLog audit;
    private final Clock clock;
    private final Integer onlyUid;
    private final AccessPolicy policy;
    private final Nologin nologin;
    private final PamLogons pam;

    /** @param onlyUid the one uid allowed (single-user mode), or null for everyone */
    public LogonGate(OsUsers users, AccessPolicy policy, Nologin nologin, PamLogons pam, AuditLog audit, Clock clock,
            Integer onlyUid) {
        this.users = users;
        this.pam = pam;
        this.policy = policy;
        this.nologin = nologin;
        this.audit = audit;
        this.clock = clock;
        this.onlyUid = onlyUid;
    }

    /** The account {@code name} may try to log on with, or the reason it may not. */
    public sealed interface Verdict permits Admitted, Refused {
    }

    /** @param notice what the client is to be shown (PAM's texts), or null */
    public record Admitted(OsUser user, String notice) implements Verdict {
        public Admitted(OsUser user) {
            this(user, null);
        }
    }

    /**
     * @param reason why, for the log and the audit row
     * @param notice what the client is to be shown, or null
     * @param proven whether the client had proven who it is (a key, a password): then the refusal is
     *        about the account, stands for the rest of the connection, and is no guess to throttle
     */
    public record Refused(String reason, String notice, boolean proven) implements Verdict {
        public Refused(String reason) {
            this(reason, null, false);
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
                .<Verdict>map(n -> new Refused("logons are refused by " + n.file(), n.text(), true))
                .orElseGet(() -> new Admitted(user));
    }

    /**
     * {@link #admit} for a password or keyboard-interactive logon: root logs on by key only, as
     * with sshd's default {@code PermitRootLogin prohibit-password}.
     */
    public Verdict admitByPassword(String name) {
        Verdict v = admit(name);
        if (v instanceof Admitted a && a.user().uid() == 0) {
            return new Refused("root logs on by key only");
        }
        return v;
    }

    /** The second step for a proven key: {@link #admitProven}, then PAM's account stack (on PAM's thread). */
    public CompletableFuture<Verdict> admitProvenKey(OsUser user, String remoteHost) {
        Verdict v = admitProven(user);
        if (v instanceof Refused) {
            return CompletableFuture.completedFuture(v);
        }
        // a password past its age does not stop a key, which does not use it (sshd admits it too,
        // then makes a terminal logon change it: we show PAM's word instead)
        return pam.account(user.name(), remoteHost).thenApply(f -> verdictOf(user, f, true));
    }

    /**
     * The verdict on a finished password or keyboard-interactive transaction for {@code before},
     * what {@link #admitByPassword} said: a refused name stays refused whatever PAM said, then
     * {@link #admitProven}.
     */
    public Verdict admitAuthenticated(Verdict before, PamDialogue.Finished finished) {
        if (before instanceof Refused r) {
            return r;
        }
        OsUser user = ((Admitted) before).user();
        if (!finished.outcome().step().equals("pam_acct_mgmt")) {
            // the auth stack said no (or PAM could not start): a guess that failed
            return new Refused("refused by PAM (" + finished.outcome() + ")", notice(finished.texts()), false);
        }
        Verdict proven = admitProven(user);
        if (proven instanceof Refused) {
            return proven;
        }
        return verdictOf(user, finished, false);
    }

    private static Verdict verdictOf(OsUser user, PamDialogue.Finished f, boolean byKey) {
        if (f.outcome().succeeded() || (byKey && f.outcome().passwordExpired())) {
            return new Admitted(user, notice(f.texts()));
        }
        String reason = "refused by PAM's account stack (" + f.outcome() + ")";
        if (f.outcome().passwordExpired()) {
            // pam_chauthtok over SSH is not done yet: say what to do rather than fail in silence
            return new Refused(reason, notice(f.texts() + "Your password has expired: log on with your key, or ask"
                    + " an administrator, to change it.\n"), true);
        }
        return new Refused(reason, notice(f.texts()), true);
    }

    private static String notice(String texts) {
        return texts == null || texts.isEmpty() ? null : texts;
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
    public static String printable(String name) {
        String s = name == null ? "" : name.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
