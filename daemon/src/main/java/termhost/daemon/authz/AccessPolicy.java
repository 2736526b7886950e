package termhost.daemon.authz;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import termhost.daemon.os.OsUser;
import termhost.daemon.os.OsUsers;
import termhost.daemon.store.PermissionStore;

/**
 * Decides whether a caller holds a right: the RDS model on OS users and groups.
 * <ul>
 *   <li>a user has every right on their own session;</li>
 *   <li>otherwise the rights are the union of the grants to the user, to each of the user's groups
 *       (primary and supplementary, as the host resolves them) and to everyone, minus the union of
 *       the denies to the same: an explicit deny beats any grant;</li>
 *   <li>root always has Full Control (like SYSTEM: it owns the machine, and it must always be able
 *       to repair the entries).</li>
 * </ul>
 * Entries are read from the store at start and after every change, so a change takes effect at
 * once, for running sessions too. Group membership is read from the host at every check.
 */
public final class AccessPolicy {
    public static final String ADMIN_GROUP = "termhost-admins";

    /** The defaults of a fresh host (the same as migration V2 writes). */
    public static final List<PermissionEntry> DEFAULTS = List.of(
            new PermissionEntry(new Principal(Principal.Kind.GROUP, ADMIN_GROUP), false, Rights.FULL_CONTROL),
            new PermissionEntry(Principal.EVERYONE, false, Rights.USER_ACCESS));

    private final OsUsers users;
    private final PermissionStore store;
    private volatile List<PermissionEntry> entries;

    public AccessPolicy(OsUsers users, PermissionStore store) {
        this.users = users;
        this.store = store;
        this.entries = read(store);
    }

    private static List<PermissionEntry> read(PermissionStore store) {
        return store.all().stream().map(r -> new PermissionEntry(new Principal(
                Principal.Kind.fromStableName(r.principalKind()), r.principalName()), r.deny(),
                Rights.fromMask(r.rights()))).toList();
    }

    private void put(Principal p, boolean deny, Set<Right> rights) {
        store.put(p.kind().stableName(), p.name(), deny, Rights.mask(rights));
    }

    /**
     * @param caller the user asking (null when the kernel gave a uid with no account)
     * @param sessionOwnerUid the owner of the session acted on, or null for none (host-wide)
     */
    public boolean allows(int callerUid, OsUser caller, Right right, Integer sessionOwnerUid) {
        if (sessionOwnerUid != null && sessionOwnerUid == callerUid) {
            return true;
        }
        return effectiveRights(callerUid, caller).contains(right);
    }

    /** The rights a caller has over sessions that are not their own. */
    public Set<Right> effectiveRights(int callerUid, OsUser caller) {
        if (callerUid == 0) {
            return Rights.FULL_CONTROL;
        }
        if (caller == null) {
            return EnumSet.noneOf(Right.class);
        }
        Set<String> groups = users.groupNames(caller);
        Set<Right> granted = EnumSet.noneOf(Right.class);
        Set<Right> denied = EnumSet.noneOf(Right.class);
        for (PermissionEntry e : entries) {
            if (appliesTo(e.principal(), caller, groups)) {
                (e.deny() ? denied : granted).addAll(e.rights());
            }
        }
        granted.removeAll(denied);
        return granted;
    }

    private static boolean appliesTo(Principal p, OsUser user, Set<String> groups) {
        return switch (p.kind()) {
            case EVERYONE -> true;
            case USER -> p.name().equals(user.name());
            case GROUP -> groups.contains(p.name());
        };
    }

    /** Full Control over the host: changing rights and policies, reading the audit log. */
    public boolean isAdministrator(int callerUid, OsUser caller) {
        return effectiveRights(callerUid, caller).equals(Rights.FULL_CONTROL);
    }

    public List<PermissionEntry> entries() {
        return entries;
    }

    /** Adds {@code rights} to the grants ({@code deny} false) or denies of {@code p}. */
    public synchronized void add(Principal p, boolean deny, Set<Right> rights) {
        Set<Right> now = current(p, deny);
        now.addAll(rights);
        put(p, deny, now);
        entries = read(store);
    }

    /** Removes {@code rights} from both the grants and the denies of {@code p}. */
    public synchronized void revoke(Principal p, Set<Right> rights) {
        for (boolean deny : new boolean[] {false, true}) {
            Set<Right> now = current(p, deny);
            now.removeAll(rights);
            put(p, deny, now);
        }
        entries = read(store);
    }

    public synchronized void restoreDefaults() {
        store.replaceAll(DEFAULTS.stream().map(e -> new PermissionStore.Row(e.principal().kind().stableName(),
                e.principal().name(), e.deny(), e.mask())).toList());
        entries = read(store);
    }

    private Set<Right> current(Principal p, boolean deny) {
        Set<Right> s = EnumSet.noneOf(Right.class);
        for (PermissionEntry e : entries) {
            if (e.deny() == deny && e.principal().equals(p)) {
                s.addAll(e.rights());
            }
        }
        return s;
    }
}
