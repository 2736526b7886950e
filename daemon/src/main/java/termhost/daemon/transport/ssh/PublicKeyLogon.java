package termhost.daemon.transport.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.LogonThrottle;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.RegularFile;

/**
 * Public-key logon against the account's own {@code ~/.ssh/authorized_keys}, with OpenSSH's
 * StrictModes: the file and its directory must belong to the user (or root) and be writable by
 * nobody else; and, as sshd, only a regular file is read (opening a FIFO would hold the logon's thread
 * until a writer came). Entries with options we do not enforce ({@code command=}, {@code from=}, ...) are
 * skipped rather than honoured halfway. MINA asks before the signature is checked; what needs a
 * proven key ({@code /etc/nologin}) is {@link PublicKeyMethod}'s.
 */
final class PublicKeyLogon implements PublickeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(PublicKeyLogon.class);
    static final AttributeKey<OsUser> OS_USER = new AttributeKey<>();
    /** Why the last attempt of this connection failed: audited once when it closes unauthenticated. */
    static final AttributeKey<String> REFUSAL = new AttributeKey<>();
    static final AttributeKey<String> TRIED_USER = new AttributeKey<>();

    private final LogonGate gate;
    private final LogonThrottle throttle;

    PublicKeyLogon(LogonGate gate, LogonThrottle throttle) {
        this.gate = gate;
        this.throttle = throttle;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        session.setAttribute(TRIED_USER, username);
        java.time.Duration wait = throttle.waitFor(ChannelCommand.hostOf(session.getClientAddress()));
        if (!wait.isZero()) {
            session.setAttribute(REFUSAL, "too many refused logons from this address; it may try again in "
                    + wait.toSeconds() + " s");
            return false;
        }
        LogonGate.Verdict verdict = gate.admit(username);
        if (verdict instanceof LogonGate.Refused r) {
            session.setAttribute(REFUSAL, r.reason());
            return false;
        }
        OsUser user = ((LogonGate.Admitted) verdict).user();
        Path file = Path.of(user.home(), ".ssh", "authorized_keys");
        try {
            String unsafe = unsafeReason(file, user);
            if (unsafe != null) {
                session.setAttribute(REFUSAL, unsafe);
                return false;
            }
            List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(
                    new ByteArrayInputStream(RegularFile.read(file)), true);
            for (AuthorizedKeyEntry e : entries) {
                if (e.getLoginOptions() != null && !e.getLoginOptions().isEmpty()) {
                    log.debug("{}: skipping a key with options {}", file, e.getLoginOptions().keySet());
                    continue;
                }
                PublicKey allowed = e.resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
                if (allowed != null && KeyUtils.compareKeys(allowed, key)) {
                    session.setAttribute(OS_USER, user);
                    session.removeAttribute(REFUSAL);
                    return true;
                }
            }
            session.setAttribute(REFUSAL, "no matching key in " + file);
            return false;
        } catch (RegularFile.NotRegular e) {
            session.setAttribute(REFUSAL, e.getMessage());
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            session.setAttribute(REFUSAL, "no " + file);
            return false;
        } catch (IOException | GeneralSecurityException e) {
            session.setAttribute(REFUSAL, "cannot read " + file + ": " + e.getMessage());
            return false;
        }
    }

    /** OpenSSH's StrictModes, for the file and each directory up to the home directory. */
    static String unsafeReason(Path file, OsUser user) throws IOException {
        Path home = Path.of(user.home());
        for (Path p = file; p != null && p.startsWith(home); p = p.getParent()) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String owner = a.owner().getName();
            Set<PosixFilePermission> perms = a.permissions();
            if (!owner.equals(user.name()) && !owner.equals("root")) {
                return p + " is owned by " + owner;
            }
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return p + " is writable by others";
            }
            if (p.equals(home)) {
                break;
            }
        }
        return null;
    }
}
