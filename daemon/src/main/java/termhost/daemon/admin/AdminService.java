package termhost.daemon.admin;

import java.util.function.Consumer;
import termhost.api.ErrorCategory;
import termhost.api.TermhostException;
import termhost.api.wire.Message;
import termhost.api.wire.Operations;
import termhost.cli.transport.Replies;
import termhost.cli.transport.Transport;

/**
 * Requests to operations: the one place where a management request, from the local socket or over
 * SSH, is dispatched. Each operation checks its own rights through the access policy and audits
 * what it decides.
 */
public final class AdminService {
    private final QuerySessions querySessions;
    private final LogoffOperation logoff;
    private final AuditQuery auditQuery;
    private final RightsOperation rights;
    private final ConfigQuery config;

    public AdminService(QuerySessions querySessions, LogoffOperation logoff, AuditQuery auditQuery,
            RightsOperation rights, ConfigQuery config) {
        this.config = config;
        this.querySessions = querySessions;
        this.logoff = logoff;
        this.auditQuery = auditQuery;
        this.rights = rights;
    }

    /** Handles one request; events go to {@code events}, the result is returned. */
    public Message handle(Caller caller, Message request, Consumer<Message> events) {
        return switch (request.type()) {
            case Operations.QUERY_SESSION -> querySessions.handle(caller, request);
            case Operations.LOGOFF -> logoff.handle(caller, request, events);
            case Operations.AUDIT -> auditQuery.handle(caller, request);
            case Operations.RIGHTS -> rights.handle(caller, request);
            case Operations.CONFIG -> config.handle();
            default -> throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, "error.unknown_operation",
                    "unknown operation '" + request.type() + "'", request.type());
        };
    }

    /** A transport for command code running inside the daemon on behalf of {@code caller}. */
    public Transport transportFor(Caller caller) {
        return (request, onEvent) -> {
            Message reply = handle(caller, request, onEvent);
            if (Message.ERROR.equals(reply.type())) {
                throw Replies.toException(reply);
            }
            return reply;
        };
    }
}
