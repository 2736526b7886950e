package termhost.daemon.authz;

import java.util.Optional;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;
import termhost.daemon.os.OsUser;
import termhost.daemon.session.Session;

/**
 * Who is asking, as the kernel or SSH authentication established it: never from anything the
 * request says. {@code current} is the session whose process group holds the caller (local
 * requests only; a request over SSH has no current session).
 */
public record Caller(int uid, String name, OsUser user, String source, Optional<Session> current) {
    public static Caller remote(OsUser user, String source) {
        return new Caller(user.uid(), user.name(), user, source, Optional.empty());
    }

    /**
     * A caller on another host of the farm, {@code name} with {@code uid} there: the user of that
     * name here ({@code here}), who must have the same uid (a farm maps names alike on every host),
     * or the request is refused.
     */
    public static Caller fromFarmHost(Optional<OsUser> here, String name, int uid, String host, String source) {
        OsUser user = here.filter(u -> u.uid() == uid).orElseThrow(() -> new TermhostException(
                ErrorCategory.ACCESS_DENIED, MessageKey.ERROR_CODE_5,
                name + " (uid " + uid + ") of " + host + " is not the same user here"));
        return remote(user, source);
    }

    /** Whether a request failed because access was refused: its audit outcome is "denied", not "failed". */
    public static boolean refused(ErrorCategory category) {
        return category == ErrorCategory.ACCESS_DENIED;
    }
}
