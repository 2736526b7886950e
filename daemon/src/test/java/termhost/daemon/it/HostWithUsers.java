package termhost.daemon.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A daemon and {@code n} test users for each test, made in the test's {@code @TempDir Path} field
 * (state in {@code state/}, the users' keys beside it). After the test, failed or not, the users are
 * closed first, then the daemon with whatever their sessions left. Register it as an instance field:
 * {@code @RegisterExtension final HostWithUsers env = new HostWithUsers(2);}
 *
 * <p>Or one daemon and its users for a whole class, whose tests then look only at their own
 * sessions: {@code @RegisterExtension static final HostWithUsers env = HostWithUsers.forTheClass(1);}
 * (it makes and removes a temp dir of its own).
 */
public final class HostWithUsers implements BeforeEachCallback, AfterEachCallback, BeforeAllCallback,
        AfterAllCallback {
    /** The lock of test classes that make members of the administrators' group, or remove it. */
    public static final String ADMIN_GROUP = "group termhost-admins";

    private final int userCount;
    private boolean perClass;
    /** null: the test calls {@link #start} itself, with the settings it needs. */
    private final String[] settings;
    private Path tmp;
    private TermhostProcess host;
    private final List<TestUser> users = new ArrayList<>();

    /** {@code settings} as {@link TermhostProcess#start} takes them. */
    public HostWithUsers(int users, String... settings) {
        this.userCount = users;
        this.settings = settings;
    }

    /** For tests that choose the daemon's settings themselves: nothing starts until they call {@link #start}. */
    public static HostWithUsers startedByTheTest(int users) {
        return new HostWithUsers(users, (String[]) null);
    }

    /** One daemon and {@code users} users for every test of the class; register it as a static field. */
    public static HostWithUsers forTheClass(int users, String... settings) {
        HostWithUsers h = new HostWithUsers(users, settings);
        h.perClass = true;
        return h;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (perClass) {
            tmp = Files.createTempDirectory("termhost-it-");
            start(settings);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (perClass && tmp != null) { // null: skipped before it started (see RootRequired)
            try {
                closeAll();
            } finally {
                try (Stream<Path> files = Files.walk(tmp)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The directory the daemon's state and the users' keys are in; a test may put files of its own there. */
    public Path dir() {
        return tmp;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (perClass) {
            return;
        }
        // @TempDir fields are filled by a built-in extension, whose callbacks run before this one's
        List<Path> dirs = AnnotationSupport.findAnnotatedFieldValues(context.getRequiredTestInstance(),
                TempDir.class, Path.class);
        if (dirs.size() != 1) {
            throw new IllegalStateException("HostWithUsers needs one @TempDir Path field, found " + dirs.size());
        }
        tmp = dirs.get(0);
        if (settings != null) {
            start(settings);
        }
    }

    /** Starts the daemon with {@code settings}, then makes the users; once per test. */
    public void start(String... daemonSettings) throws Exception {
        if (host != null) {
            throw new IllegalStateException("the daemon of this test is already started");
        }
        host = TermhostProcess.start(tmp.resolve("state"), daemonSettings);
        for (int i = 0; i < userCount; i++) {
            users.add(TestUser.create(tmp));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            closeAll();
        }
    }

    /** Closes in reverse order of making, each even when another fails, as try-with-resources would. */
    private void closeAll() throws Exception {
        List<AutoCloseable> made = new ArrayList<>();
        made.add(host);
        made.addAll(users);
        host = null;
        users.clear();
        Closing.inReverse(made);
    }

    public TermhostProcess host() {
        return host;
    }

    /** The {@code i}-th user, from 0. */
    public TestUser user(int i) {
        return users.get(i);
    }

    public TestUser alice() {
        return user(0);
    }

    public TestUser bob() {
        return user(1);
    }

    /** The OpenSSH client as {@link #alice}. */
    public SshClient ssh() {
        return new SshClient(host, alice());
    }
}
