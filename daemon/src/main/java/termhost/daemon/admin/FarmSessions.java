package termhost.daemon.admin;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.SessionState;
import termhost.api.TermhostException;
import termhost.api.op.SessionRow;
import termhost.daemon.authz.ListingPermit;
import termhost.daemon.farm.Farm;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.StoreException;

/**
 * The listings of {@code /server:FARM}: every host's sessions from the farm's directory, each with
 * its host (the SERVER column), filtered by the caller's listing right as this host's own are. A
 * session of a host that is not up (lost, stopped, or past its lease) is shown {@code Down}: its
 * stored state is left as its host published it. Names and idle times are as fresh as the
 * hosts' last heartbeat. Only the sessions: the services, console and
 * listener rows are each host's own.
 */
final class FarmSessions {
    private final Optional<Farm> farm;

    FarmSessions(Optional<Farm> farm) {
        this.farm = farm;
    }

    /**
     * This host's farm when {@code server} names it; else not found, and the command then reaches
     * {@code server} over SSH as any other server.
     */
    static Farm named(Optional<Farm> farm, String server) {
        return farm.filter(x -> x.name().equalsIgnoreCase(server)).orElseThrow(() -> new TermhostException(
                ErrorCategory.NOT_FOUND, MessageKey.ERROR_NOT_THIS_FARM, "this host is not in farm " + server, server));
    }

    /** What {@code read} reads from the directory of farm {@code server}; unavailable when it cannot be read. */
    static <T> T fromDirectory(String server, Supplier<T> read) {
        try {
            return read.get();
        } catch (StoreException e) {
            throw new TermhostException(ErrorCategory.UNAVAILABLE, MessageKey.ERROR_FARM_DIRECTORY, e.getMessage(),
                    server);
        }
    }

    /**
     * The rows of farm {@code server}; {@code current} is the caller's own session here (-1: none).
     * Throws not found when this host is not in that farm, unavailable when the directory cannot be read.
     */
    List<SessionRow> rows(ListingPermit permit, String server, int current) {
        Farm f = named(farm, server);
        List<FarmDirectory.Listed> listed = fromDirectory(server, f::sessions);
        // name and last input as its host last published them (a heartbeat ago at most); a host not up has no connection
        return listed.stream().filter(l -> permit.showsOwner(l.ownerUid())).map(l -> new SessionRow(l.host(), l.id(),
                l.hostUp() ? l.name() : "", l.ownerName(), l.hostUp() ? l.state() : SessionState.DOWN,
                l.host().equals(f.host()) && l.id() == current, l.logonTime(), l.lastInput(), l.disconnectTime(),
                l.clientAddress() == null ? "" : l.clientAddress(), l.kind(), null)).toList();
    }
}
