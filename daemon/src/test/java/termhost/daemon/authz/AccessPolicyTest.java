package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.store.Store;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * The policy over a real store and the host's real accounts: {@code nobody} (primary group
 * {@code nogroup}) and {@code daemon} (group {@code daemon}) exist on every Debian-like host, so
 * no test account is needed for union-minus-deny through group membership.
 */
class AccessPolicyTest {
    @TempDir
    Path tmp;

    private Store store;
    private OsUsers users;
    private AccessPolicy policy;
    private OsUser nobody;
    private OsUser daemon;

    @BeforeEach
    void open() throws Exception {
        store = SqliteStore.open(tmp.resolve("t.db"));
        users = new OsUsers(Clock.systemUTC());
        policy = new AccessPolicy(users, store.permissions());
        nobody = users.byName("nobody").orElseThrow();
        daemon = users.byName("daemon").orElseThrow();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void aFreshStoreHasTheDefaults() {
        assertThat(policy.entries()).containsExactlyInAnyOrderElementsOf(AccessPolicy.DEFAULTS);
        assertThat(policy.effectiveRights(nobody.uid(), nobody)).isEqualTo(Rights.USER_ACCESS);
        assertThat(policy.isAdministrator(nobody.uid(), nobody)).isFalse();
    }

    @Test
    void rootHasFullControlWhateverTheEntriesSay() throws Exception {
        policy.add(Principal.parse("root"), true, Rights.FULL_CONTROL);
        policy.add(Principal.EVERYONE, true, Rights.FULL_CONTROL);
        OsUser root = users.byUid(0).orElseThrow();

        assertThat(policy.effectiveRights(0, root)).isEqualTo(Rights.FULL_CONTROL);
        assertThat(policy.isAdministrator(0, root)).isTrue();
    }

    @Test
    void grantsToUserGroupAndEveryoneAddUp() throws Exception {
        policy.revoke(Principal.EVERYONE, Rights.FULL_CONTROL);
        policy.add(Principal.EVERYONE, false, Rights.GUEST_ACCESS);
        policy.add(Principal.parse("@nogroup"), false, EnumSet.of(Right.LOGOFF));
        policy.add(Principal.parse("nobody"), false, EnumSet.of(Right.MESSAGE));

        assertThat(policy.effectiveRights(nobody.uid(), nobody)).containsExactlyInAnyOrder(Right.LOGON,
                Right.LOGOFF, Right.MESSAGE);
        assertThat(policy.effectiveRights(daemon.uid(), daemon)).containsExactly(Right.LOGON);
    }

    @Test
    void aDenyBeatsAnyGrantFromAnyPrincipal() throws Exception {
        policy.add(Principal.parse("@nogroup"), false, Rights.FULL_CONTROL);
        policy.add(Principal.parse("nobody"), false, Rights.FULL_CONTROL);
        policy.add(Principal.EVERYONE, true, EnumSet.of(Right.RESET));
        policy.add(Principal.parse("@nogroup"), true, EnumSet.of(Right.LOGOFF));

        assertThat(policy.effectiveRights(nobody.uid(), nobody))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Right.RESET, Right.LOGOFF)));
        assertThat(policy.isAdministrator(nobody.uid(), nobody)).isFalse();
        assertThat(policy.allows(nobody.uid(), nobody, Right.LOGOFF, daemon.uid())).isFalse();
    }

    @Test
    void oneHasEveryRightOnOnesOwnSessionDenyOrNot() throws Exception {
        policy.add(Principal.parse("nobody"), true, Rights.FULL_CONTROL);

        assertThat(policy.effectiveRights(nobody.uid(), nobody)).isEmpty();
        for (Right r : Right.values()) {
            assertThat(policy.allows(nobody.uid(), nobody, r, nobody.uid())).as(r.name()).isTrue();
            assertThat(policy.allows(nobody.uid(), nobody, r, daemon.uid())).as(r.name()).isFalse();
            assertThat(policy.allows(nobody.uid(), nobody, r, null)).as(r.name()).isFalse();
        }
    }

    @Test
    void aUidWithoutAnAccountHasNothing() {
        assertThat(policy.effectiveRights(54321, null)).isEmpty();
        assertThat(policy.allows(54321, null, Right.QUERY_INFORMATION, null)).isFalse();
    }

    @Test
    void revokeRemovesGrantsAndDeniesAndResetRestoresTheDefaults() throws Exception {
        policy.add(Principal.parse("nobody"), false, EnumSet.of(Right.LOGOFF, Right.RESET));
        policy.add(Principal.parse("nobody"), true, EnumSet.of(Right.LOGON));

        policy.revoke(Principal.parse("nobody"), EnumSet.of(Right.LOGON, Right.RESET));
        assertThat(policy.effectiveRights(nobody.uid(), nobody))
                .isEqualTo(EnumSet.of(Right.LOGON, Right.QUERY_INFORMATION, Right.MESSAGE, Right.CONNECT,
                        Right.VIRTUAL_CHANNELS, Right.LOGOFF));

        policy.restoreDefaults();
        assertThat(policy.entries()).containsExactlyInAnyOrderElementsOf(AccessPolicy.DEFAULTS);
    }

    @Test
    void changesAreStoredAndSeenByANewPolicyOnTheSameStore() throws Exception {
        policy.add(Principal.parse("@daemon"), true, EnumSet.of(Right.LOGON));

        AccessPolicy reopened = new AccessPolicy(users, store.permissions());
        assertThat(reopened.allows(daemon.uid(), daemon, Right.LOGON, null)).isFalse();
        assertThat(reopened.allows(nobody.uid(), nobody, Right.LOGON, null)).isTrue();
    }
}
