package termhost.daemon.store.jdbc;

import java.util.List;

/**
 * What differs between the engines behind {@link JdbcStore}: the folder of migration scripts
 * ({@code /db/<name>/}), which share version numbers across engines (version 3 is the same change
 * everywhere; an engine may have versions the other lacks at the end), and the statements that
 * relax and restore durability for writes a crash of the daemon need not lose but a crash of
 * the machine may.
 *
 * @param migrationLock run first in each migration's transaction, so hosts migrating one shared
 *     database at once apply each script once; null where the engine serialises writers anyway
 */
public record Dialect(String name, List<String> scripts, String relaxDurability, String restoreDurability,
        String migrationLock) {
}
