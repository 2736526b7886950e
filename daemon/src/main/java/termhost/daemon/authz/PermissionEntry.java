package termhost.daemon.authz;

import java.util.EnumSet;
import java.util.Set;

/** A grant or a deny of some rights to a principal. */
public record PermissionEntry(Principal principal, boolean deny, Set<Right> rights) {
    public PermissionEntry {
        rights = rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
    }

    public int mask() {
        return Rights.mask(rights);
    }
}
