package termhost.daemon.admin;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import termhost.api.ErrorCategory;
import termhost.api.LogonMode;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.LogonModeReply;
import termhost.api.op.LogonModeRequest;
import termhost.daemon.audit.AuditEvent;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.audit.AuditType;
import termhost.daemon.authz.Caller;
import termhost.daemon.authz.Permit;
import termhost.daemon.farm.Farm;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.StoreException;

/**
 * {@code change logon {/query | /enable | /disable | /drain | /drainuntilrestart}}: administrators
 * only (Full Control: the route's rule), even to ask. With {@code /server:FARM} (this host's farm),
 * {@code /query} gives every host's mode as the farm's directory holds it; a mode is set on one host
 * only, so setting one for the farm is refused ({@code /server:HOST} reaches a host: {@link FarmTargets}).
 */
public final class LogonModeOperation {
    private final LogonControl control;
    private final AuditLog audit;
    private final Clock clock;
    private final Optional<Farm> farm;

    public LogonModeOperation(LogonControl control, AuditLog audit, Clock clock) {
        this(control, audit, clock, Optional.empty());
    }

    /** @param farm this host's farm, whose hosts {@code /query /server:FARM} lists; empty: a single host */
    public LogonModeOperation(LogonControl control, AuditLog audit, Clock clock, Optional<Farm> farm) {
        this.control = control;
        this.audit = audit;
        this.clock = clock;
        this.farm = farm;
    }

    LogonModeReply handle(Permit permit, LogonModeRequest request) {
        if (request.server() != null) {
            return farmWide(request);
        }
        Caller caller = permit.caller();
        try {
            if (request.set() != null) {
                LogonMode mode = request.set();
                control.set(mode);
                audit.record(new AuditEvent(clock.instant(), AuditType.LOGON_MODE, caller.name(), caller.uid(),
                        caller.source(), null, null, "success", "logons " + mode.wireName()));
            }
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_AUDIT_UNAVAILABLE,
                    "the store cannot be written: " + e.getMessage());
        }
        return new LogonModeReply(control.mode());
    }

    /** {@code /server:FARM}: each host's mode; a setting is refused, as no one host is named. */
    private LogonModeReply farmWide(LogonModeRequest request) {
        String server = request.server();
        Farm f = FarmSessions.named(farm, server);
        if (request.set() != null) {
            throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.CHANGE_LOGON_ERROR_FARM,
                    "change logon /" + request.set().switchName() + " /server:" + server
                            + ": a logon mode is one host's; name the host", server);
        }
        List<FarmDirectory.HostMode> hosts = FarmSessions.fromDirectory(server, f::hosts);
        return new LogonModeReply(control.mode(), hosts.stream().map(h -> new LogonModeReply.HostMode(h.host(),
                LogonMode.fromSwitchName(h.logonMode()), h.state())).toList());
    }
}
