package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKey;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.KeyOptions;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.os.OsUser;

/**
 * MINA's "publickey" method with the second step of {@link LogonGate} once the signature is
 * verified: /etc/nologin, then the host's PAM account stack, which runs on a PAM thread while MINA
 * hears "in progress" ({@link UserAuthService}). MINA asks {@link PublicKeyLogon} before it checks a signature
 * (and for a bare query too), so only here is the key proven: a refusal now shows its text to
 * the account's owner only, as sshd does.
 *
 * <p>The text goes out as a userauth banner, then the attempt fails: Debian's sshd does the same
 * with pam_nologin's message (auth2.c sends PAM's messages as a banner, then disconnects). The
 * refusal happens before the connection is authenticated, so nothing later (a channel, a
 * subsystem, {@code ssh -N}) needs to remember it. The cost: OpenSSH prints banners at
 * {@code LogLevel} INFO (its default) and above only, so {@code ssh -q} shows just "Permission
 * denied".
 */
final class PublicKeyMethod extends UserAuthPublicKey {
    /** Set when a proven key was refused: the refusal stands whatever key the client tries next. */
    static final AttributeKey<Boolean> REFUSED_WHEN_PROVEN = new AttributeKey<>();

    private final LogonGate gate;

    private PublicKeyMethod(List<NamedFactory<Signature>> signatures, LogonGate gate) {
        super(signatures);
        this.gate = gate;
    }

    @Override
    public Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        if (session.getAttribute(REFUSED_WHEN_PROVEN) != null) {
            return Boolean.FALSE;
        }
        if (refusedBeforeAsking(session, buffer)) {
            return Boolean.FALSE;
        }
        Boolean result = super.doAuth(buffer, init);
        if (!Boolean.TRUE.equals(result)) {
            return result;
        }
        OsUser user = session.getAttribute(PublicKeyLogon.OS_USER);
        if (user == null) {
            // PublicKeyLogon names the account whenever it accepts a key: no account, no logon
            return Boolean.FALSE;
        }
        // the signature is verified: this key's options are the logon's
        KeyOptions options = session.getAttribute(PublicKeyLogon.OFFERED_OPTIONS);
        session.setAttribute(PublicKeyLogon.KEY_OPTIONS, options == null ? KeyOptions.NONE : options);
        return admitProven(gate, session, user);
    }

    /**
     * The second step of {@link LogonGate} for a user whose proof (a key's signature, a farm host's)
     * is verified: TRUE or FALSE when it is decided now, null ("in progress") when PAM's account
     * stack still runs and {@link UserAuthService} answers later.
     */
    static Boolean admitProven(LogonGate gate, ServerSession session, OsUser user) {
        CompletableFuture<Boolean> verdict = gate.admitProvenKey(user, ChannelCommand.hostOf(session.getClientAddress()))
                .thenApply(v -> settle(session, v));
        if (verdict.isDone()) {
            return verdict.handle((ok, e) -> e == null && ok).join();
        }
        // MINA 2.20 refuses AsyncAuthException from publickey: answer "in progress", settle later
        UserAuthService service = session.getService(UserAuthService.class);
        long ticket = service.ticket();
        verdict.whenComplete((ok, e) -> service.settle(ticket, e == null && ok));
        return null;
    }

    /**
     * MINA 2.20 refuses every certificate with a {@code force-command} ("not implemented yet") and
     * checks {@code source-address} itself without saying why it refused; {@link UserCertificates}
     * enforces both (and refuses any critical option it does not know), with the reason audited.
     */
    @Override
    protected void verifyCriticalOptions(ServerSession session, OpenSshCertificate cert) {
    }

    /**
     * MINA refuses a certificate that is not a user's or not valid now before it asks
     * {@link PublicKeyLogon}, so the refusal would go unexplained: asking it first records why.
     */
    private boolean refusedBeforeAsking(ServerSession session, Buffer buffer) {
        PublicKey key;
        try {
            Buffer copy = new ByteArrayBuffer(buffer.array(), buffer.rpos(), buffer.available());
            copy.getBoolean();
            copy.getString();
            key = copy.getPublicKey();
        } catch (IOException | RuntimeException e) {
            return false; // MINA's own reading says what is wrong with it
        }
        if (key instanceof OpenSshCertificate cert && (cert.getType() != OpenSshCertificate.Type.USER
                || !OpenSshCertificate.isValidNow(cert))) {
            session.getPublickeyAuthenticator().authenticate(getUsername(), key, session);
            return true;
        }
        return false;
    }

    private static Boolean settle(ServerSession session, LogonGate.Verdict verdict) {
        try {
            if (verdict instanceof LogonGate.Refused r) {
                session.setAttribute(REFUSED_WHEN_PROVEN, Boolean.TRUE);
                session.setAttribute(PublicKeyLogon.REFUSAL, r.reason());
                session.removeAttribute(PublicKeyLogon.OS_USER);
                session.removeAttribute(PublicKeyLogon.KEY_OPTIONS);
                UserauthBanner.send(session, r.notice());
                return Boolean.FALSE;
            }
            UserauthBanner.send(session, ((LogonGate.Admitted) verdict).notice());
            return Boolean.TRUE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes one {@link PublicKeyMethod} per connection, with MINA's signature algorithms. */
    static final class Factory extends UserAuthPublicKeyFactory {
        private final LogonGate gate;

        Factory(LogonGate gate) {
            this.gate = gate;
        }

        @Override
        public UserAuthPublicKey createUserAuth(ServerSession session) {
            return new PublicKeyMethod(getSignatureFactories(), gate);
        }
    }
}
