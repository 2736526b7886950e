package termhost.daemon.farm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import termhost.daemon.audit.AuditLog;
import termhost.daemon.config.FarmSettings;
import termhost.daemon.os.OsUsers;
import termhost.daemon.policy.LogonControl;
import termhost.daemon.store.CommandQueue;
import termhost.daemon.store.FarmDirectory;
import termhost.daemon.store.Store;

/**
 * This host as a member of a farm (issue #15): the local store wrapped so that what it writes is
 * published ({@link #store}), and one thread that keeps the directory in step ({@link FarmMember}).
 * The daemon runs without it when {@code farm.url} is empty.
 *
 * <p>Lifecycle: {@link #start} once, by the daemon after its store is open; {@link #close} once,
 * at a clean stop, marks the host stopped and ends the thread (a second call does nothing).
 */
public final class Farm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Farm.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final FarmSettings settings;
    private final FarmDirectory directory;
    private final FarmDirectory listing;
    private final SessionChanges changes = new SessionChanges();
    private final PublishingStore store;
    private final FarmMember member;
    private final Clock clock;
    private final Thread thread;
    private final FarmCommands commands;
    private volatile boolean running = true;

    /**
     * @param directory the directory this host publishes to, used by the farm's thread only
     * @param listing the same directory on a connection of its own, for listings: an administrator's
     *     {@code query session} never waits behind a publication
     */
    public Farm(FarmSettings settings, FarmDirectory directory, FarmDirectory listing, CommandQueue queue, Store local,
            Clock clock) {
        this.settings = settings;
        this.commands = new FarmCommands(settings.name(), settings.host(), queue, clock);
        this.directory = directory;
        this.listing = listing;
        this.clock = clock;
        this.store = new PublishingStore(local, changes);
        this.member = new FarmMember(settings, directory, local, changes);
        this.thread = new Thread(this::run, "farm");
        thread.setDaemon(true);
    }

    /** The local store, publishing what it writes: the daemon uses this one. */
    public Store store() {
        return store;
    }

    public String name() {
        return settings.name();
    }

    /** This host's name in the farm. */
    public String host() {
        return settings.host();
    }

    /** Every session of the farm, as the directory lists it; throws the store's exception when it cannot be read. */
    public List<FarmDirectory.Listed> sessions() {
        return listing.sessions(settings.name());
    }

    /**
     * Whether new sessions are to be refused: with {@code farm.directory-required}, until this host
     * is registered in the directory and whenever it is cut off from it. Any thread may ask.
     */
    public boolean holdsNewSessions() {
        return settings.directoryRequired() && !member.registered();
    }

    /** Every host of the farm with its state and logon mode; throws the store's exception when it cannot be read. */
    public List<FarmDirectory.HostMode> hosts() {
        return listing.hosts(settings.name());
    }

    /**
     * Publishes this host's logon mode as {@code control} holds it: at registration, and as soon as
     * it changes, so the farm's routing sends no new session to a drained host. Once, before {@link #start}.
     */
    public void publishLogonMode(LogonControl control) {
        member.logonMode(() -> control.mode().switchName());
        control.onChange(changes::wake);
    }

    /** Publishes the live sessions' names and last inputs, as {@code live} gives them, once a heartbeat. Before {@link #start}. */
    public void publishActivity(Supplier<List<FarmDirectory.Activity>> live) {
        member.activity(live);
    }

    public void start() {
        thread.start();
    }

    /** Starts taking commands of other hosts for this host's sessions, run by {@code handler}: once, after {@link #start}. */
    public void startCommands(FarmCommands.Handler handler, AuditLog audit, OsUsers users) {
        commands.start(handler, audit, users);
    }

    /** Commands for sessions on other hosts of the farm. */
    public FarmCommands commands() {
        return commands;
    }

    private void run() {
        try {
            while (running) {
                Instant due;
                try {
                    due = member.step(clock.instant());
                } catch (RuntimeException e) {
                    // a defect, not an outage (those the member handles): keep the daemon's farm alive regardless
                    log.error("farm: publishing failed; trying again in {}", settings.heartbeat(), e);
                    due = clock.instant().plus(settings.heartbeat());
                }
                changes.awaitUntil(due, clock);
            }
            member.leave();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        commands.close();
        changes.wake();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        directory.close();
        listing.close();
    }
}
