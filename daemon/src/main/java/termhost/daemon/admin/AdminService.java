package termhost.daemon.admin;

import java.time.Duration;
import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.AuditRequest;
import termhost.api.op.ConnectRequest;
import termhost.api.op.DisconnectRequest;
import termhost.api.op.LogoffRequest;
import termhost.api.op.LogonModeRequest;
import termhost.api.op.MessageRequest;
import termhost.api.op.Operation;
import termhost.api.op.QueryProcessRequest;
import termhost.api.op.QuerySessionRequest;
import termhost.api.op.QueryUserRequest;
import termhost.api.op.Reply;
import termhost.api.op.Request;
import termhost.api.op.ResetRequest;
import termhost.api.op.RightsRequest;
import termhost.api.wire.Message;
import termhost.api.wire.Progress;
import termhost.daemon.session.SessionManager;

/**
 * Requests to operations: the one place where a management request is decoded and dispatched.
 * Each operation checks its own rights through the access policy and audits what it decides.
 */
public final class AdminService {
    private final SessionManager sessions;
    private final QuerySessions querySessions;
    private final UserQuery userQuery;
    private final ProcessQuery processQuery;
    private final LogoffOperation logoff;
    private final ConnectionControl connections;
    private final AuditQuery auditQuery;
    private final RightsOperation rights;
    private final ConfigQuery config;
    private final MessageOperation message;
    private final LogonModeOperation logonMode;

    /** The operations, each built by the daemon's wiring. */
    public record Operations(QuerySessions querySessions, UserQuery userQuery, ProcessQuery processQuery,
            LogoffOperation logoff, ConnectionControl connections, MessageOperation message, AuditQuery auditQuery,
            RightsOperation rights, ConfigQuery config, LogonModeOperation logonMode) {
    }

    public AdminService(SessionManager sessions, Operations ops) {
        this.sessions = sessions;
        this.querySessions = ops.querySessions();
        this.userQuery = ops.userQuery();
        this.processQuery = ops.processQuery();
        this.logoff = ops.logoff();
        this.connections = ops.connections();
        this.auditQuery = ops.auditQuery();
        this.rights = ops.rights();
        this.config = ops.config();
        this.message = ops.message();
        this.logonMode = ops.logonMode();
    }

    /** Handles one request; events go to {@code events}, the result is returned. */
    public Message handle(Caller caller, Message message, Consumer<Progress> events) {
        Request<?> request = decode(message);
        Reply reply = switch (request.operation()) {
            case QUERY_SESSION -> querySessions.handle(caller, (QuerySessionRequest) request);
            case QUERY_USER -> userQuery.handle(caller, (QueryUserRequest) request);
            case QUERY_PROCESS -> processQuery.handle(caller, (QueryProcessRequest) request);
            case LOGOFF -> {
                LogoffRequest r = (LogoffRequest) request;
                yield logoff.handle(caller, r.session(), r.state(), events, sessions.gracePeriod(), "logoff");
            }
            case RESET -> {
                ResetRequest r = (ResetRequest) request;
                yield logoff.handle(caller, r.session(), r.state(), events, Duration.ZERO, "reset");
            }
            case DISCONNECT -> connections.disconnect(caller, (DisconnectRequest) request, events);
            case CONNECT -> connections.connect(caller, (ConnectRequest) request, events);
            case MESSAGE -> this.message.handle(caller, (MessageRequest) request, events);
            case AUDIT -> auditQuery.handle(caller, (AuditRequest) request);
            case RIGHTS -> rights.handle(caller, (RightsRequest) request);
            case CONFIG -> config.handle();
            case LOGON_MODE -> logonMode.handle(caller, (LogonModeRequest) request);
        };
        return reply.toMessage();
    }

    /** The typed request, or the error a client gets for an unknown operation or a malformed one. */
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
