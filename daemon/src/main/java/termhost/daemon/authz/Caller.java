package termhost.daemon.authz;

import java.util.Optional;
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
}
