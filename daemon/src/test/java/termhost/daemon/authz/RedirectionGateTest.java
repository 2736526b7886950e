package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditType;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.Redirections;
import termhost.daemon.session.Actor;
import termhost.daemon.store.Store;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * The Virtual Channels right as a connection's logon sees it, over a real store and the host's real
 * accounts ({@code nobody}, primary group {@code nogroup}; {@code daemon}), as in {@link AccessPolicyTest}.
 */
class RedirectionGateTest {
    @TempDir
    Path tmp;

    private Store store;
    private AccessPolicy policy;
    private RedirectionGate gate;
    private OsUser nobody;
    private OsUser daemon;

    @BeforeEach
    void open() {
        store = SqliteStore.open(tmp.resolve("t.db"));
        OsUsers users = new OsUsers(Clock.systemUTC());
        policy = new AccessPolicy(users, store.permissions());
        gate = new RedirectionGate(policy, Redirections.Host.DEFAULTS, store.audit(), Clock.systemUTC());
        nobody = users.byName("nobody").orElseThrow();
        daemon = users.byName("daemon").orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theDefaultUserAccessCarriesTheRightSoUsersGetTheHostsRedirections() {
        Redirections r = gate.decide(nobody, KeyOptions.NONE);
        assertThat(r.files()).isEqualTo(Redirections.Files.ON);
        assertThat(r.localPorts()).isTrue();
        assertThat(r.remotePorts()).isFalse(); // redirect.ports=local
        assertThat(r.agent()).isTrue();
    }

    @Test
    void aDenyToAGroupTurnsEveryRedirectionOffForItsMembersOnly() {
        policy.add(Principal.parse("@nogroup"), true, EnumSet.of(Right.VIRTUAL_CHANNELS));

        Redirections denied = gate.decide(nobody, KeyOptions.NONE);
        for (Redirections.Kind k : Redirections.Kind.values()) {
            assertThat(denied.refusal(k)).as(k.name()).isEqualTo(Redirections.NO_RIGHT);
        }
        assertThat(gate.decide(daemon, KeyOptions.NONE).files()).isEqualTo(Redirections.Files.ON);
    }

    @Test
    void aDenyToTheUserDoesTooAndGuestAccessAloneHasNoRight() {
        policy.add(Principal.parse("daemon"), true, EnumSet.of(Right.VIRTUAL_CHANNELS));
        assertThat(gate.decide(daemon, KeyOptions.NONE).files()).isEqualTo(Redirections.Files.OFF);

        policy.revoke(Principal.EVERYONE, Rights.FULL_CONTROL);
        policy.add(Principal.EVERYONE, false, Rights.GUEST_ACCESS);
        assertThat(gate.decide(nobody, KeyOptions.NONE).refusal(Redirections.Kind.FILES))
                .isEqualTo(Redirections.NO_RIGHT);
    }

    @Test
    void theKeysOptionsLimitForwardingButNotFiles() {
        Redirections r = gate.decide(nobody, KeyOptions.parse("restrict", ZoneOffset.UTC));
        assertThat(r.localPorts()).isFalse();
        assertThat(r.agent()).isFalse();
        assertThat(r.files()).isEqualTo(Redirections.Files.ON);
        assertThat(gate.decide(nobody, KeyOptions.parse("no-agent-forwarding", ZoneOffset.UTC)).localPorts()).isTrue();
    }

    @Test
    void refusalsAndOpeningsAreAuditedWithTheirReasons() {
        Actor actor = new Actor(nobody.name(), nobody.uid(), "ssh 127.0.0.1:4000");
        gate.refused(actor, AuditType.PORT_FORWARD, "connecting to 127.0.0.1:80 (-L, -D)", "redirect.ports=off");
        gate.opened(actor, AuditType.FILE_TRANSFER, "sftp", "read-only: redirect.files=read-only");

        assertThat(store.audit().recent(10)).extracting(AuditEvent::type, AuditEvent::actor, AuditEvent::actorUid,
                AuditEvent::source, AuditEvent::outcome, AuditEvent::detail).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AuditType.PORT_FORWARD, "nobody", nobody.uid(),
                                "ssh 127.0.0.1:4000", "denied",
                                "connecting to 127.0.0.1:80 (-L, -D) refused: redirect.ports=off"),
                        org.assertj.core.groups.Tuple.tuple(AuditType.FILE_TRANSFER, "nobody", nobody.uid(),
                                "ssh 127.0.0.1:4000", "success", "sftp read-only: redirect.files=read-only"));
    }
}
