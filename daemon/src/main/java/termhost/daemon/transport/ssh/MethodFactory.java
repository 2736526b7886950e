package termhost.daemon.transport.ssh;

import java.util.function.Function;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.session.ServerSession;

/** MINA's factory of one of our user-auth methods: its name, and a new attempt per request. */
record MethodFactory(String name, Function<ServerSession, UserAuth> attempt) implements UserAuthFactory {
    @Override
    public String getName() {
        return name;
    }

    @Override
    public UserAuth createUserAuth(ServerSession session) {
        return attempt.apply(session);
    }
}
