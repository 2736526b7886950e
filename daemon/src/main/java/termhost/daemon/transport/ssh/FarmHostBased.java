package termhost.daemon.transport.ssh;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.hostbased.HostBasedAuthenticator;
import org.apache.sshd.server.auth.hostbased.UserAuthHostBased;
import org.apache.sshd.server.auth.hostbased.UserAuthHostBasedFactory;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.farm.FarmRelay;
import termhost.daemon.os.OsUser;

/**
 * The holding host's side of a relayed logon: SSH {@code hostbased} (RFC 4252 §9), offered only
 * to farm hosts. MINA asks {@link #authenticate} before it verifies the signature; it is asked
 * here whether the user may log on at all ({@link LogonGate#admit}: account, lock, Logon right),
 * then whether the farm admits the relay ({@link FarmRelay#admit}: a pinned key, an up host, the
 * same user, no root). Once MINA has verified the signature, {@link Method} runs the rest of the
 * gate (nologin, PAM's account stack). A refusal is kept in {@link PublicKeyLogon#REFUSAL} and
 * audited when the connection closes unauthenticated, as every refused logon is.
 */
final class FarmHostBased implements HostBasedAuthenticator {
    /** The farm host that relayed this connection's logon; absent for any other logon. */
    static final AttributeKey<String> RELAYED_VIA = new AttributeKey<>();
    /** The fingerprint of that host's key, for the audit. */
    static final AttributeKey<String> RELAY_KEY = new AttributeKey<>();
    /** The address of the client the relaying host serves, as it said (trusted from a farm host only). */
    static final AttributeKey<String> RELAYED_CLIENT = new AttributeKey<>();

    private final LogonGate gate;
    private final FarmRelay relay;

    FarmHostBased(LogonGate gate, FarmRelay relay) {
        this.gate = gate;
        this.relay = relay;
    }

    @Override
    public boolean authenticate(ServerSession session, String username, PublicKey clientHostKey,
            String clientHostName, String clientUsername, List<X509Certificate> certificates) {
        session.setAttribute(PublicKeyLogon.TRIED_USER, username);
        String from = "relayed logon (hostbased) from " + LogonGate.printable(clientHostName);
        if (certificates != null && !certificates.isEmpty()) {
            session.setAttribute(PublicKeyLogon.REFUSAL, from + ": X.509 certificates are not taken");
            return false;
        }
        LogonGate.Verdict verdict = gate.admit(username);
        if (verdict instanceof LogonGate.Refused r) {
            session.setAttribute(PublicKeyLogon.REFUSAL, from + ": " + r.reason());
            return false;
        }
        OsUser user = ((LogonGate.Admitted) verdict).user();
        String[] key = PublicKeyEntry.toString(clientHostKey).split(" ");
        FarmRelay.Admission admission = relay.admit(clientHostName, key[0], key[1], clientUsername, username,
                user.uid());
        String fingerprint = KeyUtils.getFingerPrint(clientHostKey);
        if (!admission.admitted()) {
            session.setAttribute(PublicKeyLogon.REFUSAL, admission.refusal() + " (key " + fingerprint + ")");
            return false;
        }
        session.setAttribute(PublicKeyLogon.OS_USER, user);
        session.setAttribute(RELAYED_VIA, admission.host());
        session.setAttribute(RELAY_KEY, fingerprint);
        // what stands if MINA then finds the signature wrong
        session.setAttribute(PublicKeyLogon.REFUSAL, from + ": the signature does not verify (key " + fingerprint + ")");
        return true;
    }

    /** MINA's hostbased method, with the second step of the gate once the signature is verified. */
    static final class Method extends UserAuthHostBased {
        private final LogonGate gate;

        Method(List<NamedFactory<Signature>> signatures, LogonGate gate) {
            super(signatures);
            this.gate = gate;
        }

        @Override
        protected Boolean doAuth(Buffer buffer, boolean init) throws Exception {
            ServerSession session = getServerSession();
            Boolean result = super.doAuth(buffer, init);
            OsUser user = session.getAttribute(PublicKeyLogon.OS_USER);
            if (!Boolean.TRUE.equals(result) || user == null || session.getAttribute(RELAYED_VIA) == null) {
                return Boolean.TRUE.equals(result) ? Boolean.FALSE : result;
            }
            return PublicKeyMethod.admitProven(gate, session, user);
        }
    }

    /** Makes one {@link Method} per connection. */
    static final class Factory extends UserAuthHostBasedFactory {
        private final LogonGate gate;

        Factory(LogonGate gate) {
            this.gate = gate;
        }

        @Override
        public UserAuthHostBased createUserAuth(ServerSession session) {
            return new Method(getSignatureFactories(), gate);
        }
    }
}
