package termhost.daemon.transport.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * What the server offers in its key exchange, chosen as OpenSSH 9.x chooses its defaults
 * ({@code myproposal.h}) within what MINA 2.20 implements. In SSH the client's order decides: the
 * first algorithm of the client's list that the server also offers is used, so the server's only
 * lever is what it leaves out. Hence:
 *
 * <ul>
 * <li>ciphers: no {@code chacha20-poly1305}, though OpenSSH offers it first. Every client that
 * lists it first (OpenSSH, Dropbear, AsyncSSH) would take it, and MINA's runs at half of sshd's
 * speed (measured: 140-175 MB/s against 290). Every client that has it also has AES-CTR or
 * AES-GCM, so leaving it out refuses nobody. AES-CTR stays although OpenSSH then takes
 * {@code aes128-ctr} before AES-GCM: paramiko 2.x and Dropbear have no GCM at all, and MINA's
 * CTR with {@code hmac-sha2-256-etm} keeps up with sshd's chacha20 (bench/run), though it costs
 * the daemon about a quarter more CPU per byte than AES-GCM;
 * <li>MACs: OpenSSH's list less the UMACs, which MINA lacks;
 * <li>key exchange: OpenSSH's list (with 9.9's {@code mlkem768x25519-sha256}); none of MINA's
 * extras (curve448, NIST ML-KEM hybrids, DH groups 15 and 17), which every client also has an
 * OpenSSH one for;
 * <li>signatures (host key and user keys): OpenSSH's list, so SHA-1 {@code ssh-rsa} and DSA are
 * refused as OpenSSH 8.8 and later refuse them;
 * <li>compression: {@code none} and {@code zlib@openssh.com}, which starts after the logon: no
 * inflating of what unauthenticated peers send (plain {@code zlib}).
 * </ul>
 *
 * Ciphers, MACs and key exchange are settings ({@code ssh.ciphers}, {@code ssh.macs},
 * {@code ssh.kex-algorithms}); each name is checked here against what MINA can run.
 */
public record SshAlgorithms(List<NamedFactory<Cipher>> ciphers, List<NamedFactory<Mac>> macs,
        List<KeyExchangeFactory> keyExchanges) {

    /** OpenSSH's {@code KEX_DEFAULT_PK_ALG} that MINA implements (it has no {@code sk-ssh-ed25519-cert}). */
    static final List<BuiltinSignatures> SIGNATURES = List.of(
            BuiltinSignatures.ed25519_cert, BuiltinSignatures.nistp256_cert, BuiltinSignatures.nistp384_cert,
            BuiltinSignatures.nistp521_cert, BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256_cert,
            BuiltinSignatures.ed25519, BuiltinSignatures.nistp256, BuiltinSignatures.nistp384,
            BuiltinSignatures.nistp521, BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.sk_ecdsa_sha2_nistp256,
            BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256);

    static final List<BuiltinCompressions> COMPRESSIONS = List.of(BuiltinCompressions.none,
            BuiltinCompressions.delayedZlib);

    public SshAlgorithms {
        ciphers = List.copyOf(ciphers);
        macs = List.copyOf(macs);
        keyExchanges = List.copyOf(keyExchanges);
    }

    /**
     * Parses the three settings' texts (comma-separated names, in order of preference).
     *
     * @throws IllegalArgumentException naming the setting and the name MINA cannot run
     */
    public static SshAlgorithms of(String ciphers, String macs, String kex) {
        return new SshAlgorithms(
                List.copyOf(names("ssh.ciphers", "cipher", ciphers, BuiltinCiphers::fromFactoryName,
                        c -> c != BuiltinCiphers.none)),
                List.copyOf(names("ssh.macs", "MAC", macs, BuiltinMacs::fromFactoryName, m -> true)),
                names("ssh.kex-algorithms", "key exchange", kex, BuiltinDHFactories::fromFactoryName, k -> true)
                        .stream().map(ServerBuilder.DH2KEX).toList());
    }

    private static <T extends OptionalFeature> List<T> names(String key, String what, String text,
            Function<String, T> byName, Predicate<T> allowed) {
        List<T> list = new ArrayList<>();
        for (String n : text.split(",")) {
            T t = byName.apply(n.trim());
            if (t == null || !t.isSupported() || !allowed.test(t)) {
                throw new IllegalArgumentException(key + ": unknown or unsupported " + what + " '" + n.trim() + "'");
            }
            if (list.contains(t)) {
                throw new IllegalArgumentException(key + ": '" + n.trim() + "' named twice");
            }
            list.add(t);
        }
        return list;
    }

    void applyTo(SshServer server) {
        server.setCipherFactories(ciphers);
        server.setMacFactories(macs);
        server.setKeyExchangeFactories(keyExchanges);
        server.setSignatureFactories(List.copyOf(SIGNATURES));
        server.setCompressionFactories(List.copyOf(COMPRESSIONS));
    }
}
