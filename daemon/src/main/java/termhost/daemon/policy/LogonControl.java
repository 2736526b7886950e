package termhost.daemon.policy;

import termhost.api.LogonMode;
import termhost.daemon.store.HostSettingsStore;

/**
 * The current {@link LogonMode}: kept in the store, so a drained host stays drained across a
 * restart, except {@code /drainuntilrestart}, which a restart ends.
 */
public final class LogonControl {
    private static final String KEY = "logon.mode";

    private final HostSettingsStore store;
    private volatile LogonMode mode;

    public LogonControl(HostSettingsStore store) {
        this.store = store;
        this.mode = store.get(KEY).map(LogonMode::fromWireName).orElse(LogonMode.ENABLED);
    }

    public LogonMode mode() {
        return mode;
    }

    public synchronized void set(LogonMode next) {
        store.put(KEY, (next == LogonMode.DRAIN_UNTIL_RESTART ? LogonMode.ENABLED : next).wireName());
        mode = next;
    }
}
