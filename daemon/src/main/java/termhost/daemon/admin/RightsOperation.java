package termhost.daemon.admin;

import termhost.daemon.store.StoreException;
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
import termhost.daemon.authz.AccessRule;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.PermissionEntry;
import termhost.daemon.authz.Permit;
import termhost.daemon.authz.Principal;
import termhost.daemon.authz.Right;
import termhost.daemon.authz.Rights;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;

/**
 * {@code termhost rights}: show the entries and anyone's effective rights, grant, deny, revoke,
 * restore the defaults. Changing or listing needs Full Control; a user may always see their own
 * effective rights ({@link #rule}). Every change is audited here, every refusal by the gate.
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

    /**
     * Who may: changing or listing needs Full Control; one's own effective rights need nothing,
     * another user's Full Control. A user that does not exist is "No User exists", to anyone.
     */
    AccessRule<Permit> rule(Caller caller, RightsRequest request) {
        RightsRequest.Action action = request.action();
        if (action != RightsRequest.Action.EFFECTIVE) {
            return AccessRule.fullControl("rights " + action.wireName() + ": needs Full Control",
                    "rights " + action.wireName());
        }
        String name = nameOf(caller, request);
        if (user(name).uid() == caller.uid()) {
            return AccessRule.open();
        }
        return AccessRule.fullControl("rights effective " + name + ": needs Full Control", "rights effective " + name);
    }

    RightsReply handle(Permit permit, RightsRequest request) {
        Caller caller = permit.caller();
        try {
            return switch (request.action()) {
                case EFFECTIVE -> effective(user(nameOf(caller, request)));
                case LIST -> list();
                case GRANT, DENY, REVOKE -> change(caller, request.action(), request);
                case RESET -> {
                    policy.restoreDefaults();
                    record(caller, "restored the default rights");
                    yield list();
                }
            };
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "the store cannot be written: " + e.getMessage());
        }
    }

    private static String nameOf(Caller caller, RightsRequest request) {
        return request.principal() == null ? caller.name() : request.principal();
    }

    private OsUser user(String name) {
        return users.byName(name).orElseThrow(() -> new TermhostException(ErrorCategory.NOT_FOUND,
                MessageKey.ERROR_NO_SUCH_USER, "no user " + name, name));
    }

    private RightsReply effective(OsUser user) {
        Set<Right> rights = policy.effectiveRights(user.uid(), user);
        return new RightsReply.Effective(user.name(), Rights.describe(rights),
                String.join(",", users.groupNames(user)));
    }

    private RightsReply list() {
        return new RightsReply.Entries(policy.entries().stream().map(RightsOperation::entry).toList());
    }

    private RightsReply change(Caller caller, RightsRequest.Action action, RightsRequest request) {
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
            throw new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_NO_SUCH_USER, "no user " + p.name(),
                    p.name());
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

    private void record(Caller caller, String detail) {
        audit.record(new AuditEvent(clock.instant(), AuditType.PERMISSION_CHANGE, caller.name(), caller.uid(),
                caller.source(), null, null, "success", detail));
    }

    private static RightsReply.Entry entry(PermissionEntry e) {
        return new RightsReply.Entry(e.principal().toString(), e.deny() ? "deny" : "grant",
                e.deny() ? Rights.names(e.rights()) : Rights.describe(e.rights()));
    }
}
