package termhost.daemon.store;

import java.util.List;

/**
 * The permission entries: at most one grant and one deny row per principal, each a bit mask of
 * rights (Windows' values). What the rows mean is authz's business; this only keeps them.
 */
public interface PermissionStore {
    /** @param principalKind {@code user}, {@code group} or {@code everyone} */
    record Row(String principalKind, String principalName, boolean deny, int rights) {
    }

    /** Every row, ordered by kind, name, then deny before grant. */
    List<Row> all();

    /** Sets one principal's grant or deny row; rights 0 removes the row. */
    void put(String principalKind, String principalName, boolean deny, int rights);

    /** Replaces every row with {@code rows}, in one commit. */
    void replaceAll(List<Row> rows);
}
