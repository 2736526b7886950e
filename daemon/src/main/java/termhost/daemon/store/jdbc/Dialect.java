package termhost.daemon.store.jdbc;

import java.util.List;

/**
 * What differs between the engines behind {@link JdbcStore}: the migration scripts, and the
 * statements that relax and restore durability for writes a crash of the daemon need not lose but
 * a crash of the machine may.
 *
 * @param scripts paths under {@code /db/}, in version order: {@code sqlite/} and {@code postgresql/}
 *     hold what each engine writes its own way, {@code common/} what both run as it is. Version
 *     numbers are shared across engines (version 3 is the same change everywhere; an engine may
 *     have versions the other lacks at the end)
 * @param migrationLock run first in each migration's transaction, so hosts migrating one shared
 *     database at once apply each script once; null where the engine serialises writers anyway
 */
public record Dialect(List<String> scripts, String relaxDurability, String restoreDurability,
        String migrationLock) {
}
