package termhost.daemon.admin;

import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.RightsReply;
import termhost.api.op.RightsRequest;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.AccessPolicy;
import termhost.daemon.authz.PermissionEntry;
import termhost.daemon.authz.Principal;
import termhost.daemon.authz.Right;
import termhost.daemon.authz.Rights;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;

/**
 * {@code termhost rights}: show the entries and anyone's effective rights, grant, deny, revoke,
 * restore the defaults. Changing or listing needs Full Control; a user may always see their own
 * effective rights. Every change and every refusal is audited.
 */
public final class RightsOperation {
    private final AccessPolicy policy;
    private final OsUsers users;
    private final AuditLog audit;
    private final Clock clock;

    public RightsOperation(AccessPolicy policy, OsUsers users, AuditLog audit, Clock clock) {
        this.policy = policy;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    RightsReply handle(Caller caller, RightsRequest request) {
        RightsRequest.Action action = request.action();
        try {
            if (action == RightsRequest.Action.EFFECTIVE) {
                return effective(caller, request.principal() == null ? caller.name() : request.principal());
            }
            requireAdministrator(caller, action.wireName());
            return switch (action) {
                case LIST -> list();
                case GRANT, DENY, REVOKE -> change(caller, action, request);
                case RESET -> {
                    policy.restoreDefaults();
                    record(caller, "restored the default rights");
                    yield list();
                }
                case EFFECTIVE -> throw new IllegalStateException("answered above");
            };
        } catch (SQLException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "the store cannot be written: " + e.getMessage());
        }
    }

    private RightsReply effective(Caller caller, String name) throws SQLException {
        OsUser user = users.byName(name).orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                MessageKey.ERROR_NO_SUCH_USER, "no user " + name, name));
        if (user.uid() != caller.uid()) {
            requireAdministrator(caller, "effective " + name);
        }
        Set<Right> rights = policy.effectiveRights(user.uid(), user);
        return new RightsReply.Effective(user.name(), Rights.describe(rights),
                String.join(",", users.groupNames(user)));
    }

    private RightsReply list() {
        return new RightsReply.Entries(policy.entries().stream().map(RightsOperation::entry).toList());
    }

    private RightsReply change(Caller caller, RightsRequest.Action action, RightsRequest request)
            throws SQLException {
        String who = request.principal();
        if (who == null || who.isBlank()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_RIGHTS_NEED_PRINCIPAL,
                    action.wireName() + " needs a user, @group or *");
        }
        Principal p = Principal.parse(who);
        String text = request.rights();
        Set<Right> rights = text == null
                ? (action == RightsRequest.Action.REVOKE ? Rights.FULL_CONTROL : EnumSet.noneOf(Right.class))
                : Rights.parse(text);
        if (rights.isEmpty()) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_RIGHTS_NEED_RIGHTS,
                    action.wireName() + " needs the rights, e.g. FullControl or Logoff,Message");
        }
        if (p.kind() == Principal.Kind.USER && users.byName(p.name()).isEmpty()) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_NO_SUCH_USER, "no user " + p.name(), p.name());
        }
        if (p.kind() == Principal.Kind.GROUP && users.groupId(p.name()).isEmpty()) {
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_NO_SUCH_GROUP, "no group " + p.name(),
                    p.name());
        }
        switch (action) {
            case GRANT -> policy.add(p, false, rights);
            case DENY -> policy.add(p, true, rights);
            default -> policy.revoke(p, rights);
        }
        record(caller, action.wireName() + " " + Rights.names(rights) + " "
                + (action == RightsRequest.Action.REVOKE ? "from" : "to") + " " + p);
        return list();
    }

    private void requireAdministrator(Caller caller, String what) throws SQLException {
        if (!policy.isAdministrator(caller.uid(), caller.user())) {
            audit.record(new AuditEvent(clock.instant(), AuditType.ACCESS_DENIED, caller.name(), caller.uid(),
                    caller.source(), null, null, "denied", "rights " + what + ": needs Full Control"));
            throw new TermhostException(ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                    caller.name() + ": rights " + what + ": access denied");
        }
    }

    private void record(Caller caller, String detail) throws SQLException {
        audit.record(new AuditEvent(clock.instant(), AuditType.PERMISSION_CHANGE, caller.name(), caller.uid(),
                caller.source(), null, null, "success", detail));
    }

    private static RightsReply.Entry entry(PermissionEntry e) {
        return new RightsReply.Entry(e.principal().toString(), e.deny() ? "deny" : "grant",
                e.deny() ? Rights.names(e.rights()) : Rights.describe(e.rights()));
    }
}
