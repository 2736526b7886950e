package termhost.daemon.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.AuditRequest;
import termhost.api.op.ConfigRequest;
import termhost.api.op.ConnectRequest;
import termhost.api.op.DisconnectRequest;
import termhost.api.op.LogoffRequest;
import termhost.api.op.LogonModeRequest;
import termhost.api.op.MessageRequest;
import termhost.api.op.Operation;
import termhost.api.op.QueryProcessRequest;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.Request;
import termhost.api.op.ResetRequest;
import termhost.api.op.RightsRequest;
import termhost.api.wire.Message;
import termhost.api.wire.Progress;
import termhost.daemon.authz.AccessGate;
import termhost.daemon.authz.AccessRule;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.ListingPermit;
import termhost.daemon.authz.Right;
import termhost.daemon.farm.Farm;

/**
 * Requests to operations: the one place where a management request is decoded, let through the
 * {@link AccessGate} with its operation's rule, and dispatched. The table below says, per
 * operation, who may: that is the whole permission model of the management surface.
 */
public final class AdminService {
    private final AccessGate gate;
    private final Routes routes;
    private final FarmTargets farmTargets;

    /** The operations, each built by the daemon's wiring. */
    public record Operations(QuerySessions querySessions, UserQuery userQuery, ProcessQuery processQuery,
            LogoffOperation logoff, ConnectionControl connections, MessageOperation message, AuditQuery auditQuery,
            RightsOperation rights, ConfigQuery config, LogonModeOperation logonMode) {
    }

    /** @param farm this host's farm, which carries requests for sessions on its other hosts; empty: a single host */
    public AdminService(AccessGate gate, ManagedSessions sessions, Operations ops, Optional<Farm> farm) {
        this.gate = gate;
        this.farmTargets = new FarmTargets(farm);
        AccessRule<ListingPermit> listing = AccessRule.listing(Right.QUERY_INFORMATION);
        this.routes = new Routes()
                .add(Operation.QUERY_SESSION, QuerySessionRequest.class, listing,
                        (permit, q, events) -> ops.querySessions().handle(permit, q))
                .add(Operation.QUERY_USER, QueryUserRequest.class, listing,
                        (permit, q, events) -> ops.userQuery().handle(permit, q))
                .add(Operation.QUERY_PROCESS, QueryProcessRequest.class, listing,
                        (permit, q, events) -> ops.processQuery().handle(permit, q))
                .add(Operation.LOGOFF, LogoffRequest.class,
                        AccessRule.onSessions("logoff", MessageKey.LOGOFF_ERROR_RESERVED, Right.LOGOFF, Right.RESET),
                        (permit, q, events) -> ops.logoff().handle(permit, q.session(), q.state(), events,
                                sessions.gracePeriod(), "logoff"))
                .add(Operation.RESET, ResetRequest.class,
                        AccessRule.onSessions("reset", MessageKey.RESET_ERROR_RESERVED, Right.LOGOFF, Right.RESET),
                        (permit, q, events) -> ops.logoff().handle(permit, q.session(), q.state(), events,
                                Duration.ZERO, "reset"))
                .add(Operation.DISCONNECT, DisconnectRequest.class,
                        AccessRule.onSessions("disconnect", MessageKey.TSDISCON_ERROR_RESERVED, Right.DISCONNECT),
                        ops.connections()::disconnect)
                .add(Operation.CONNECT, ConnectRequest.class,
                        AccessRule.onSessions("connect", MessageKey.TSCON_ERROR_RESERVED, Right.CONNECT),
                        ops.connections()::connect)
                .add(Operation.MESSAGE, MessageRequest.class,
                        AccessRule.onSessions("message", MessageKey.MSG_ERROR_RESERVED, Right.MESSAGE),
                        ops.message()::handle)
                .add(Operation.AUDIT, AuditRequest.class,
                        AccessRule.fullControl("audit: reading the audit log needs Full Control",
                                "cannot read the audit log"),
                        (permit, q, events) -> ops.auditQuery().handle(q))
                .add(Operation.RIGHTS, RightsRequest.class, ops.rights()::rule,
                        (permit, q, events) -> ops.rights().handle(permit, q))
                .add(Operation.LOGON_MODE, LogonModeRequest.class,
                        AccessRule.fullControl("change logon: needs Full Control", "change logon"),
                        (permit, q, events) -> ops.logonMode().handle(permit, q))
                // the settings hold no secret
                .add(Operation.CONFIG, ConfigRequest.class, AccessRule.open(),
                        (permit, q, events) -> ops.config().handle())
                .complete();
    }

    /** Handles one request; events go to {@code events}, the result is returned. */
    public Message handle(Caller caller, Message message, Consumer<Progress> events) {
        Optional<Message> relayed = farmTargets.relay(caller, message);
        if (relayed.isPresent()) {
            return relayed.get();
        }
        return routes.run(gate, caller, decode(farmTargets.local(message)), events).toMessage();
    }

    /** The operations routed (every one: the constructor refuses less). */
    Set<Operation> operations() {
        return routes.operations();
    }

    /**
     * The typed request, or the error for an unknown operation or a malformed request: neither is a
     * request the gate could judge, so neither is audited as a denial.
     */
    static Request<?> decode(Message message) {
        Operation op;
        try {
            op = Operation.fromWireName(message.type());
        } catch (IllegalArgumentException e) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_UNKNOWN_OPERATION,
                    "unknown operation '" + message.type() + "'", message.type());
        }
        try {
            return op.decodeRequest(message);
        } catch (IllegalArgumentException e) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_MALFORMED_REQUEST,
                    op.wireName() + ": " + e.getMessage());
        }
    }
}
