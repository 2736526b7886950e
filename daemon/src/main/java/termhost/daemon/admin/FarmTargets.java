package termhost.daemon.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.api.op.LogonModeRequest;
import termhost.api.op.Operation;
import termhost.api.wire.Message;
import termhost.daemon.authz.Caller;
import termhost.daemon.farm.Farm;

/**
 * A session on another host of the farm, named {@code HOST:ID} (HostServer and session id, as
 * Windows pairs them; the commands write {@code /server:HOST} so): the request goes to that host
 * through the farm's command table, and its answer is the reply. {@code HOST} this host's own
 * farm name is this host: the request runs here, for session {@code ID}. A {@code HOST} that is no
 * host of this host's farm (or no farm at all) is {@link MessageKey#ERROR_NOT_FARM_HOST}: the
 * commands then reach it over SSH, as they reach any other server.
 *
 * <p>{@code change logon /server:HOST} goes to that host the same way; {@code /server:} naming this
 * host runs here, and naming this host's farm is {@link LogonModeOperation}'s (the farm's modes).
 *
 * <p>Nothing is checked here: the session's host re-checks the caller's rights by its own rules.
 */
final class FarmTargets {
    /** Per operation that acts on one session, the request field that names it. */
    private static final Map<String, String> TARGET_FIELD = Map.of(Operation.LOGOFF.wireName(), "session",
            Operation.RESET.wireName(), "session", Operation.DISCONNECT.wireName(), "session",
            Operation.MESSAGE.wireName(), "to0");
    private static final Pattern HOST_ID = Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,9})");

    private final Optional<Farm> farm;

    FarmTargets(Optional<Farm> farm) {
        this.farm = farm;
    }

    /** What {@code message} asks, when it names no {@code HOST:ID}: else the same for this host's {@code ID}. */
    Message local(Message message) {
        String server = hostServer(message);
        if (server != null) {
            // this host by its own name is this host; the farm's name stays, for the farm-wide query
            return farm.filter(f -> f.host().equalsIgnoreCase(server)).map(f -> without(message, LogonModeRequest.SERVER))
                    .orElse(message);
        }
        return target(message).map(t -> t.here(message)).orElse(message);
    }

    /** The reply of another host when {@code message} names a session there; empty when it is for this host. */
    Optional<Message> relay(Caller caller, Message message) {
        String server = hostServer(message);
        if (server != null) {
            Farm f = farm.orElseThrow(() -> notFarmHost(server));
            if (server.equalsIgnoreCase(f.host()) || server.equalsIgnoreCase(f.name())) {
                return Optional.empty();
            }
            return Optional.of(f.commands().sendToHost(caller, server, without(message, LogonModeRequest.SERVER)));
        }
        Optional<Target> target = target(message);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Target t = target.get();
        Farm f = farm.orElseThrow(() -> notFarmHost(t.host()));
        if (t.host().equalsIgnoreCase(f.host())) {
            return Optional.empty();
        }
        return Optional.of(f.commands().send(caller, t.host(), t.id(), t.here(message)));
    }

    private static TermhostException notFarmHost(String host) {
        return new TermhostException(ErrorCategory.NOT_FOUND, MessageKey.ERROR_NOT_FARM_HOST,
                "this host is in no farm: " + host + " is not a host of it", host);
    }

    /** The {@code /server:} of a command for a host itself ({@code change logon}); null for any other. */
    private static String hostServer(Message message) {
        return message.type().equals(Operation.LOGON_MODE.wireName()) ? message.field(LogonModeRequest.SERVER) : null;
    }

    private static Message without(Message message, String field) {
        Map<String, String> fields = new HashMap<>(message.fields());
        fields.remove(field);
        return new Message(message.type(), fields, message.rows());
    }

    private static Optional<Target> target(Message message) {
        String field = TARGET_FIELD.get(message.type());
        // msg to one recipient only: a list of several names each its own host
        String value = field == null || message.field("to1") != null ? null : message.field(field);
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = HOST_ID.matcher(value);
        return m.matches() ? Optional.of(new Target(field, m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    private record Target(String field, String host, int id) {
        /** The request with the session named by its id alone. */
        Message here(Message message) {
            Map<String, String> fields = new HashMap<>(message.fields());
            fields.put(field, Integer.toString(id));
            return new Message(message.type(), fields, message.rows());
        }
    }
}
