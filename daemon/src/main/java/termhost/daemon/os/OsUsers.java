package termhost.daemon.os;

import com.sun.jna.ptr.IntByReference;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Facts about OS accounts, asked of libc so every NSS source (files, LDAP, SSSD) counts.
 *
 * <p>Names arrive from the network (the SSH user name), so each one is checked by
 * {@link #isWellFormedName} before it reaches libc or a file: a name with {@code '/'},
 * {@code ':'}, NUL or a line break is answered "no such user" without any look-up.
 * Name-service failures other than "not found" surface as {@link UncheckedIOException} wrapping
 * an {@link ErrnoException}. Thread-safe.
 */
public final class OsUsers {
    static final int MAX_NAME_LENGTH = 256;
    /** NGROUPS_MAX on Linux; a user in more groups than this is a broken name service. */
    private static final int MAX_GROUPS = 65536;

    private final Libc libc = Libc.INSTANCE;
    private final ShadowFile shadow;

    public OsUsers(Clock clock) {
        this(clock, Path.of("/etc/shadow"));
    }

    /** For tests: a shadow file other than {@code /etc/shadow}. */
    OsUsers(Clock clock, Path shadowFile) {
        this.shadow = new ShadowFile(shadowFile, clock);
    }

    /** True if {@code name} is safe to look up: 1..256 chars, no {@code / : NUL \n \r}. */
    public static boolean isWellFormedName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        return name.chars().noneMatch(c -> c == '/' || c == ':' || c == 0 || c == '\n' || c == '\r');
    }

    public Optional<OsUser> byName(String name) {
        if (!isWellFormedName(name)) {
            return Optional.empty();
        }
        Libc.Passwd pwd = new Libc.Passwd();
        return lookup("getpwnam_r " + name,
                (buf, len, result) -> libc.getpwnam_r(name, pwd, buf, len, result))
                ? Optional.of(toUser(pwd)) : Optional.empty();
    }

    public Optional<OsUser> byUid(int uid) {
        Libc.Passwd pwd = new Libc.Passwd();
        return lookup("getpwuid_r " + uid,
                (buf, len, result) -> libc.getpwuid_r(uid, pwd, buf, len, result))
                ? Optional.of(toUser(pwd)) : Optional.empty();
    }

    /** Primary and supplementary group ids, primary first, without duplicates. */
    public int[] groupIds(OsUser u) {
        int[] groups = new int[32];
        IntByReference count = new IntByReference(groups.length);
        // getgrouplist answers -1 and the needed count when the array is too small; NSS may
        // grow between calls, so loop rather than trust one answer.
        while (libc.getgrouplist(u.name(), u.gid(), groups, count) == -1) {
            int needed = Math.max(count.getValue(), groups.length * 2);
            if (needed > MAX_GROUPS) {
                throw new IllegalStateException("user " + u.name() + ": more than " + MAX_GROUPS + " groups");
            }
            groups = new int[needed];
            count.setValue(needed);
        }
        // glibc already puts the primary group first and drops duplicates; other libcs may not.
        Set<Integer> unique = new LinkedHashSet<>();
        unique.add(u.gid());
        for (int i = 0; i < count.getValue(); i++) {
            unique.add(groups[i]);
        }
        return unique.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Names of {@link #groupIds}; a gid the name service cannot name is left out. */
    public Set<String> groupNames(OsUser u) {
        Set<String> names = new LinkedHashSet<>();
        for (int gid : groupIds(u)) {
            Libc.Group grp = new Libc.Group();
            if (lookup("getgrgid_r " + gid, (buf, len, result) -> libc.getgrgid_r(gid, grp, buf, len, result))) {
                names.add(grp.gr_name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    public Optional<Integer> groupId(String groupName) {
        if (!isWellFormedName(groupName)) {
            return Optional.empty();
        }
        Libc.Group grp = new Libc.Group();
        return lookup("getgrnam_r " + groupName,
                (buf, len, result) -> libc.getgrnam_r(groupName, grp, buf, len, result))
                ? Optional.of(grp.gr_gid) : Optional.empty();
    }

    /** Lock state from shadow; {@link LockStatus#UNKNOWN} when shadow is unreadable or silent. */
    public LockStatus lockStatus(OsUser u) {
        return shadow.statusOf(u.name());
    }

    private static boolean lookup(String what, ReentrantLookup.Call call) {
        try {
            return ReentrantLookup.run(what, call);
        } catch (ErrnoException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OsUser toUser(Libc.Passwd pwd) {
        return new OsUser(pwd.pw_name, pwd.pw_uid, pwd.pw_gid, pwd.pw_dir, pwd.pw_shell);
    }
}
