package termhost.daemon.policy;

import java.util.function.BooleanSupplier;
import termhost.api.LogonMode;
import termhost.daemon.store.HostSettingsStore;

/**
 * The current {@link LogonMode}: kept in the store, so a drained host stays drained across a
 * restart, except {@code /drainuntilrestart}, which a restart ends. Beside it, whether new
 * sessions are held back for another reason than the mode (a farm's directory out of reach, with
 * {@code farm.directory-required}).
 */
public final class LogonControl {
    private static final String KEY = "logon.mode";

    private final HostSettingsStore store;
    private final BooleanSupplier newSessionsHeld;
    private volatile LogonMode mode;
    private volatile Runnable onChange = () -> { };

    public LogonControl(HostSettingsStore store) {
        this(store, () -> false);
    }

    /** @param newSessionsHeld asked at each new session's logon: true refuses it (reconnects go on) */
    public LogonControl(HostSettingsStore store, BooleanSupplier newSessionsHeld) {
        this.store = store;
        this.newSessionsHeld = newSessionsHeld;
        this.mode = store.get(KEY).map(LogonMode::fromWireName).orElse(LogonMode.ENABLED);
    }

    public LogonMode mode() {
        return mode;
    }

    /** Whether new sessions are refused now whatever the mode says. */
    public boolean newSessionsHeld() {
        return newSessionsHeld.getAsBoolean();
    }

    public synchronized void set(LogonMode next) {
        store.put(KEY, (next == LogonMode.DRAIN_UNTIL_RESTART ? LogonMode.ENABLED : next).wireName());
        mode = next;
        onChange.run();
    }

    /** Run after each {@link #set} (a farm publishes the mode then): one listener, set once at start-up. */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }
}
