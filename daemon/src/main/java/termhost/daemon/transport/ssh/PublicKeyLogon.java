package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.authz.KeyOptions;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.LogonThrottle;
import termhost.daemon.os.FilesystemIdentity;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.RegularFile;

/**
 * Public-key logon against the account's own {@code ~/.ssh/authorized_keys}, with OpenSSH's
 * StrictModes: the file and its directory must belong to the user (or root) and be writable by
 * nobody else, and, as sshd, only a regular file is read (opening a FIFO would hold the logon's
 * thread until a writer came). A line's options ({@link KeyOptions}) are honoured as sshd honours them: a line whose
 * {@code from=} or {@code expiry-time=} refuses this logon, or whose options are unknown to us, is
 * passed over (with the reason logged, and audited if no other line admits the key). A certificate
 * is matched by its CA on {@code cert-authority} lines, then against the host's trusted CAs
 * ({@link UserCertificates}). MINA asks before
 * the signature is checked; what needs a proven key ({@code /etc/nologin}) is
 * {@link PublicKeyMethod}'s.
 */
final class PublicKeyLogon implements PublickeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(PublicKeyLogon.class);
    static final AttributeKey<OsUser> OS_USER = new AttributeKey<>();
    /** Why the last attempt of this connection failed: audited once when it closes unauthenticated. */
    static final AttributeKey<String> REFUSAL = new AttributeKey<>();
    static final AttributeKey<String> TRIED_USER = new AttributeKey<>();

    /**
     * The options of the key this connection offered last; they become {@link #KEY_OPTIONS} once
     * its signature is verified ({@link PublicKeyMethod}): a key merely offered, then not used,
     * must not bind a logon made another way.
     */
    static final AttributeKey<KeyOptions> OFFERED_OPTIONS = new AttributeKey<>();
    /** What the key of this logon allows; absent when no key was used (a password). */
    static final AttributeKey<KeyOptions> KEY_OPTIONS = new AttributeKey<>();

    private final LogonGate gate;
    private final LogonThrottle throttle;
    private final UserCertificates certificates;
    private final Clock clock;

    PublicKeyLogon(LogonGate gate, LogonThrottle throttle, UserCertificates certificates, Clock clock) {
        this.gate = gate;
        this.throttle = throttle;
        this.certificates = certificates;
        this.clock = clock;
    }

    /** What the key of {@code session}'s logon allows: {@link KeyOptions#NONE} when no key was used. */
    static KeyOptions keyOptions(ServerSession session) {
        KeyOptions o = session.getAttribute(KEY_OPTIONS);
        return o == null ? KeyOptions.NONE : o;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        session.setAttribute(TRIED_USER, username);
        session.removeAttribute(OFFERED_OPTIONS);
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
        String clientHost = ChannelCommand.hostOf(session.getClientAddress());
        Path file = Path.of(user.home(), ".ssh", "authorized_keys");
        OpenSshCertificate cert = key instanceof OpenSshCertificate c ? c : null;
        if (fromAuthorizedKeys(username, key, cert, user, clientHost, file, session)) {
            return true;
        }
        // as sshd, a certificate no cert-authority line admits is tried against TrustedUserCAKeys
        return cert != null && certificate(cert, user, clientHost, session);
    }

    /** The key, or the certificate's CA, on a line of {@code file} whose options admit this logon. */
    private boolean fromAuthorizedKeys(String username, PublicKey key, OpenSshCertificate cert, OsUser user,
            String clientHost, Path file, ServerSession session) {
        try {
            // as sshd, the file and its directories are looked at as the user: a home root cannot
            // enter (NFS root_squash) is read, and a file its owner made unreadable is not
            KeyFile keys = FilesystemIdentity.as(user.uid(), user.gid(), () -> {
                String unsafe = unsafeReason(file, user);
                return new KeyFile(unsafe, unsafe == null ? AuthorizedKeys.read(file) : List.of());
            });
            if (keys.unsafe() != null) {
                refuse(session, keys.unsafe());
                return false;
            }
            // a certificate is matched by its CA's key, on cert-authority lines only
            PublicKey wanted = cert != null ? cert.getCaPubKey() : key;
            String refusal = cert != null ? null : "no matching key in " + file;
            for (AuthorizedKeys.Line line : keys.lines()) {
                PublicKey allowed = line.entry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
                if (allowed == null || !KeyUtils.compareKeys(allowed, wanted)) {
                    continue;
                }
                // as sshd: a line whose options refuse this logon does not end the search
                String why;
                KeyOptions options = null;
                try {
                    options = KeyOptions.parse(line.options(), clock.getZone());
                    if (options.certAuthority() != (cert != null)) {
                        continue; // a CA's line admits its certificates, never the bare key
                    }
                    if (cert != null) {
                        UserCertificates.Verdict v = UserCertificates.checkUnderLine(cert, options, user.name(),
                                clientHost, clock.instant());
                        options = v.options();
                        why = v.refusal();
                    } else {
                        why = options.refusal(clientHost, clock.instant());
                    }
                } catch (IllegalArgumentException e) {
                    why = "bad options: " + e.getMessage();
                }
                if (why != null) {
                    log.info("{} line {}: key refused for {} from {}: {}", file, line.number(), username, clientHost,
                            why);
                    refusal = file + " line " + line.number() + ": " + why;
                    continue;
                }
                session.setAttribute(OS_USER, user);
                session.setAttribute(OFFERED_OPTIONS, options);
                session.removeAttribute(REFUSAL);
                return true;
            }
            if (refusal != null) {
                refuse(session, refusal);
            }
        } catch (RegularFile.NotRegular e) {
            session.setAttribute(REFUSAL, e.getMessage());
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            if (cert == null) {
                refuse(session, "no " + file);
            }
        } catch (IOException | GeneralSecurityException e) {
            refuse(session, "cannot read " + file + ": " + e.getMessage());
        }
        return false;
    }

    /** What the user's authorized_keys holds, unless StrictModes found it {@code unsafe}. */
    private record KeyFile(String unsafe, List<AuthorizedKeys.Line> lines) {
    }

    /** A certificate: signed by a CA of {@code auth.trusted-user-ca-keys}, for this user, valid now. */
    private boolean certificate(OpenSshCertificate cert, OsUser user, String clientHost, ServerSession session) {
        UserCertificates.Verdict v = certificates.check(cert, user.name(), clientHost, clock.instant());
        if (v.refusal() != null) {
            refuse(session, v.refusal());
            return false;
        }
        session.setAttribute(OS_USER, user);
        session.setAttribute(OFFERED_OPTIONS, v.options());
        session.removeAttribute(REFUSAL);
        return true;
    }

    /**
     * Records why a key was refused, after the reasons of the connection's other keys: a client
     * offers a certificate, then its plain key, and the audit must say why each failed, not only
     * the last ("no matching key").
     */
    private static void refuse(ServerSession session, String reason) {
        String before = session.getAttribute(REFUSAL);
        session.setAttribute(REFUSAL, before == null ? reason
                : before.contains(reason) ? before : before + "; " + reason);
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
