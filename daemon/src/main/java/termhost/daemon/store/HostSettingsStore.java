package termhost.daemon.store;

import java.util.Optional;

/** Small named values administrators change at run time (e.g. {@code change logon /drain}). */
public interface HostSettingsStore {
    Optional<String> get(String name);

    /** Sets {@code name} to {@code value}, replacing what it held. */
    void put(String name, String value);
}
