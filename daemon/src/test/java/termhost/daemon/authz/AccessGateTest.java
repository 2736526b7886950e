package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.session.Session;
import termhost.daemon.session.TestSessions;
import termhost.daemon.store.Store;
import termhost.daemon.store.sqlite.SqliteStore;

/**
 * The gate and its permits over a real policy and audit log: a refusal is one audited row and an
 * {@code Error [5]}; what is let through, or silently left out, leaves no row.
 */
class AccessGateTest {
    @TempDir
    Path tmp;

    private Store db;
    private AuditLog audit;
    private AccessPolicy policy;
    private AccessGate gate;
    private Caller root;
    private Caller nobody;
    private Session nobodys;
    private Session daemons;

    @BeforeEach
    void open() throws Exception {
        db = SqliteStore.open(tmp.resolve("t.db"));
        audit = db.audit();
        OsUsers users = new OsUsers(Clock.systemUTC());
        policy = new AccessPolicy(users, db.permissions());
        gate = new AccessGate(policy, audit, Clock.systemUTC());
        root = caller(users.byUid(0).orElseThrow());
        nobody = caller(users.byName("nobody").orElseThrow());
        nobodys = TestSessions.exec(5, nobody.user(), 50);
        daemons = TestSessions.exec(6, users.byName("daemon").orElseThrow(), 60);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static Caller caller(OsUser u) {
        return new Caller(u.uid(), u.name(), u, "local pid 99", Optional.empty());
    }

    @Test
    void fullControlLetsRootInAndRefusesOthersOnceAudited() throws Exception {
        AccessRule<Permit> rule = AccessRule.fullControl("change logon: needs Full Control", "change logon");

        assertThat(gate.admit(root, rule).caller()).isSameAs(root);
        assertThat(rows()).isEmpty();

        assertThatThrownBy(() -> gate.admit(nobody, rule)).isInstanceOfSatisfying(TermhostException.class, e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.ACCESS_DENIED);
            assertThat(e.messageKey()).isEqualTo(MessageKey.ERROR_CODE_5);
            assertThat(e.getMessage()).isEqualTo("nobody: change logon: access denied");
        });
        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("nobody");
            assertThat(r.sessionId()).isNull();
            assertThat(r.detail()).isEqualTo("change logon: needs Full Control");
        });
    }

    @Test
    void aListingLeavesOthersOutWithoutAWord() throws Exception {
        policy.add(Principal.parse("nobody"), true, EnumSet.of(Right.QUERY_INFORMATION));
        ListingPermit permit = gate.admit(nobody, AccessRule.listing(Right.QUERY_INFORMATION));

        assertThat(permit.shows(nobodys)).isTrue();
        assertThat(permit.shows(daemons)).isFalse();
        assertThat(gate.admit(root, AccessRule.listing(Right.QUERY_INFORMATION)).shows(daemons)).isTrue();
        assertThat(rows()).isEmpty();
    }

    @Test
    void aSessionPermitAllowsOnesOwnAndRefusesAnothersOnceAudited() throws Exception {
        SessionPermit permit = gate.admit(nobody, AccessRule.onSessions("logoff", MessageKey.LOGOFF_ERROR_RESERVED,
                Right.LOGOFF, Right.RESET));

        permit.requireOn(nobodys);
        assertThat(permit.mayActOn(daemons)).isFalse();
        assertThat(rows()).isEmpty();

        assertThatThrownBy(() -> permit.requireOn(daemons)).isInstanceOf(TermhostException.class);
        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r.sessionId()).isEqualTo(6);
            assertThat(r.sessionOwner()).isEqualTo("daemon");
            assertThat(r.detail()).isEqualTo("logoff: another user's session needs Logoff or Reset");
        });
    }

    @Test
    void anotherUsersSessionCanAlsoNeedFullControl() throws Exception {
        SessionPermit permit = gate.admit(nobody, AccessRule.onSessions("connect", MessageKey.TSCON_ERROR_RESERVED,
                Right.CONNECT));

        permit.requireOn(daemons); // User Access holds Connect
        permit.requireFullControlOver(nobodys, "moving another user's connection");
        assertThatThrownBy(() -> permit.requireFullControlOver(daemons,
                "another user's session needs Connect and Full Control")).isInstanceOf(TermhostException.class);

        assertThat(rows()).extracting(AuditEvent::detail)
                .containsExactly("connect: another user's session needs Connect and Full Control");
    }

    @Test
    void theRowsThatAreNotSessionsAreRefusedEvenToRoot() throws Exception {
        SessionPermit permit = gate.admit(root, AccessRule.onSessions("disconnect",
                MessageKey.TSDISCON_ERROR_RESERVED, Right.DISCONNECT));

        assertThatThrownBy(() -> permit.refuseReserved(1, "console"))
                .isInstanceOfSatisfying(TermhostException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo(MessageKey.TSDISCON_ERROR_RESERVED);
                    assertThat(e.messageArgs()).containsExactly("1", "console");
                });
        assertThat(rows()).extracting(AuditEvent::detail)
                .containsExactly("disconnect: the console session cannot be disconnected");
    }

    private List<AuditEvent> rows() throws SQLException {
        return audit.recent(100);
    }
}
