package termhost.daemon.admin;

import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import java.time.Duration;
import termhost.daemon.session.SessionManager;

/**
 * Requests to operations: the one place where a management request is dispatched. Each operation checks its own rights through the access policy and audits
 * what it decides.
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
    public Message handle(Caller caller, Message request, Consumer<Message> events) {
        return switch (request.type()) {
            case termhost.api.wire.Operations.QUERY_SESSION -> querySessions.handle(caller, request);
            case termhost.api.wire.Operations.QUERY_USER -> userQuery.handle(caller, request);
            case termhost.api.wire.Operations.QUERY_PROCESS -> processQuery.handle(caller, request);
            case termhost.api.wire.Operations.LOGOFF -> logoff.handle(caller, request, events,
                    sessions.gracePeriod(), "logoff");
            case termhost.api.wire.Operations.RESET -> logoff.handle(caller, request, events, Duration.ZERO, "reset");
            case termhost.api.wire.Operations.DISCONNECT -> connections.disconnect(caller, request, events);
            case termhost.api.wire.Operations.CONNECT -> connections.connect(caller, request, events);
            case termhost.api.wire.Operations.MESSAGE -> message.handle(caller, request, events);
            case termhost.api.wire.Operations.AUDIT -> auditQuery.handle(caller, request);
            case termhost.api.wire.Operations.RIGHTS -> rights.handle(caller, request);
            case termhost.api.wire.Operations.CONFIG -> config.handle();
            case termhost.api.wire.Operations.LOGON_MODE -> logonMode.handle(caller, request);
            default -> throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_UNKNOWN_OPERATION,
                    "unknown operation '" + request.type() + "'", request.type());
        };
    }

}
