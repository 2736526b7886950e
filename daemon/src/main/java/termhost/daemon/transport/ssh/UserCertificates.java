package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import termhost.daemon.authz.AddressPatterns;
import termhost.daemon.authz.KeyOptions;

/**
 * OpenSSH user certificates, as sshd takes them with {@code TrustedUserCAKeys} (and no
 * {@code AuthorizedPrincipalsFile}): a user certificate signed by one of the CA keys of the file
 * of {@code auth.trusted-user-ca-keys}, valid now, naming the account among its principals. Its
 * critical options and extensions become the logon's {@link KeyOptions}: {@code force-command},
 * {@code source-address}, and no pty or forwarding that a {@code permit-*} extension does not
 * grant. A critical option we do not know refuses the certificate, as the protocol asks.
 *
 * <p>MINA verifies the CA's signature over the certificate (in {@code UserAuthPublicKey}); this
 * class decides whether that CA is one the host trusts. The file is read at each logon, as sshd
 * reads its own, so a CA removed from it is refused from then on. A CA may also be trusted by one
 * account, on a {@code cert-authority} line of its authorized_keys ({@link #checkUnderLine}).
 */
final class UserCertificates {
    /** A certificate's verdict: the options it grants, or why it is refused. */
    record Verdict(KeyOptions options, String refusal) {
    }

    private final Path trustedCaKeys;

    /** @param trustedCaKeys the file of trusted CA keys, or null when no CA is trusted */
    UserCertificates(Path trustedCaKeys) {
        this.trustedCaKeys = trustedCaKeys;
    }

    /** A certificate against the trusted CAs of {@code auth.trusted-user-ca-keys}. */
    Verdict check(OpenSshCertificate cert, String user, String clientAddress, Instant now) {
        String why = refusal(cert, user, now);
        if (why != null) {
            return new Verdict(null, describe(cert) + ": " + why);
        }
        try {
            KeyOptions options = optionsOf(cert);
            why = options.refusal(clientAddress, now);
            return why == null ? new Verdict(options, null) : new Verdict(null, describe(cert) + ": " + why);
        } catch (IllegalArgumentException e) {
            return new Verdict(null, describe(cert) + ": " + e.getMessage());
        }
    }

    /**
     * A certificate whose CA is the key of an authorized_keys line with {@code cert-authority}
     * ({@code line} its options): sshd's other way to trust a CA, for one account. The certificate
     * must name a principal of the line's {@code principals=}, or else the account.
     */
    static Verdict checkUnderLine(OpenSshCertificate cert, KeyOptions line, String user, String clientAddress,
            Instant now) {
        String why = cert.getType() != OpenSshCertificate.Type.USER ? "not a user certificate"
                : timeAndName(cert, line.principals() == null ? List.of(user) : line.principals(), now);
        try {
            KeyOptions own = optionsOf(cert);
            if (why == null) {
                why = line.refusal(clientAddress, now);
            }
            if (why == null) {
                why = own.refusal(clientAddress, now);
            }
            return why == null ? new Verdict(line.within(own), null) : new Verdict(null, describe(cert) + ": " + why);
        } catch (IllegalArgumentException e) {
            return new Verdict(null, describe(cert) + ": " + e.getMessage());
        }
    }

    static String describe(OpenSshCertificate cert) {
        return "certificate \"" + cert.getId() + "\" (serial " + Long.toUnsignedString(cert.getSerial()) + ")";
    }

    private String refusal(OpenSshCertificate cert, String user, Instant now) {
        if (cert.getType() != OpenSshCertificate.Type.USER) {
            return "not a user certificate";
        }
        String ca = KeyUtils.getFingerPrint(cert.getCaPubKey());
        if (trustedCaKeys == null) {
            return "signed by CA " + ca + ", but no CA is trusted (auth.trusted-user-ca-keys is not set)";
        }
        try {
            for (AuthorizedKeyEntry e : AuthorizedKeyEntry.readAuthorizedKeys(trustedCaKeys)) {
                PublicKey trusted = e.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (trusted != null && KeyUtils.compareKeys(trusted, cert.getCaPubKey())) {
                    return timeAndName(cert, List.of(user), now);
                }
            }
        } catch (NoSuchFileException e) {
            return "signed by CA " + ca + ", but " + trustedCaKeys + " is missing";
        } catch (IOException | GeneralSecurityException e) {
            return "cannot read " + trustedCaKeys + ": " + e.getMessage();
        }
        return "signed by CA " + ca + ", which is not in " + trustedCaKeys;
    }

    /** Valid now, and naming one of {@code accepted}. */
    private static String timeAndName(OpenSshCertificate cert, List<String> accepted, Instant now) {
        if (!OpenSshCertificate.isValidAt(cert, now)) {
            return "not valid now (valid " + instant(cert.getValidAfter()) + " to " + instant(cert.getValidBefore())
                    + ")";
        }
        if (cert.getPrincipals() == null || cert.getPrincipals().isEmpty()) {
            return "names no principals";
        }
        if (accepted.stream().noneMatch(cert.getPrincipals()::contains)) {
            return "principals " + cert.getPrincipals() + " do not include "
                    + (accepted.size() == 1 ? accepted.get(0) : "any of " + accepted);
        }
        return null;
    }

    /** The certificate's limits in the terms of an authorized_keys line. */
    static KeyOptions optionsOf(OpenSshCertificate cert) {
        String command = null;
        AddressPatterns from = null;
        for (Map.Entry<String, String> o : cert.getCriticalOptionsMap().entrySet()) {
            switch (o.getKey()) {
                case OpenSshCertificate.FORCE_COMMAND -> command = o.getValue();
                case OpenSshCertificate.SOURCE_ADDRESS -> from = AddressPatterns.parse(o.getValue());
                default -> throw new IllegalArgumentException("critical option " + o.getKey()
                        + " is not supported by termhost");
            }
        }
        Map<String, String> ext = cert.getExtensionsMap();
        return new KeyOptions(ext.containsKey("permit-pty"), ext.containsKey("permit-port-forwarding"),
                ext.containsKey("permit-agent-forwarding"), ext.containsKey("permit-X11-forwarding"),
                ext.containsKey("permit-user-rc"), command, from, null, false, null, null, null);
    }

    /** A certificate's time (seconds since the epoch, unsigned; all ones for "forever"). */
    private static String instant(long seconds) {
        if (seconds == OpenSshCertificate.INFINITY) {
            return "forever";
        }
        return seconds < 0 ? "forever" : Instant.ofEpochSecond(seconds).toString();
    }
}
