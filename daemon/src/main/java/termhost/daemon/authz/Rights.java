package termhost.daemon.authz;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import termhost.api.ErrorCategory;
import termhost.api.MessageKey;
import termhost.api.TermhostException;

/**
 * Sets of rights: the presets, bit masks, and the names administrators type
 * ({@code FullControl}, {@code UserAccess}, {@code Logoff,Message}, ...).
 */
public final class Rights {
    public static final Set<Right> GUEST_ACCESS = EnumSet.of(Right.LOGON);
    /**
     * Windows' User Access (Logon, Query Information, Message, Connect) with Virtual Channels, which
     * Windows gives users on their own sessions: here it is checked at each logon, before any session
     * is theirs, so without it ordinary users would lose every redirection (file transfer, port and
     * agent forwarding). Stores made before it was added are upgraded by migration V4.
     */
    public static final Set<Right> USER_ACCESS = EnumSet.of(Right.LOGON, Right.QUERY_INFORMATION, Right.MESSAGE,
            Right.CONNECT, Right.VIRTUAL_CHANNELS);
    public static final Set<Right> FULL_CONTROL = EnumSet.allOf(Right.class);

    private static final Map<String, Set<Right>> PRESETS = Map.of("fullcontrol", FULL_CONTROL, "useraccess",
            USER_ACCESS, "guestaccess", GUEST_ACCESS);

    private Rights() {
    }

    public static int mask(Set<Right> rights) {
        int m = 0;
        for (Right r : rights) {
            m |= r.bit();
        }
        return m;
    }

    public static Set<Right> fromMask(int mask) {
        Set<Right> s = EnumSet.noneOf(Right.class);
        for (Right r : Right.values()) {
            if ((mask & r.bit()) != 0) {
                s.add(r);
            }
        }
        return s;
    }

    /** Parses {@code FullControl} or {@code Logoff,Message} (case and dashes ignored). */
    public static Set<Right> parse(String text) {
        Set<Right> s = EnumSet.noneOf(Right.class);
        for (String part : text.split(",")) {
            String key = part.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
            if (PRESETS.containsKey(key)) {
                s.addAll(PRESETS.get(key));
                continue;
            }
            Right found = null;
            for (Right r : Right.values()) {
                if (r.stableName().replace("-", "").equals(key)) {
                    found = r;
                }
            }
            if (found == null) {
                throw new TermhostException(ErrorCategory.INVALID_ARGUMENT, MessageKey.ERROR_UNKNOWN_RIGHT,
                        "unknown right '" + part.trim() + "'", part.trim());
            }
            s.add(found);
        }
        return s;
    }

    /** The names of the rights, one by one except for Full Control (for denies and audit). */
    public static String names(Set<Right> rights) {
        if (rights.equals(FULL_CONTROL)) {
            return "FullControl";
        }
        List<String> names = new ArrayList<>();
        for (Right r : rights) {
            names.add(r.displayName());
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }

    /** The names, a preset's name when the set is exactly one. */
    public static String describe(Set<Right> rights) {
        if (rights.equals(FULL_CONTROL)) {
            return "FullControl";
        }
        if (rights.equals(USER_ACCESS)) {
            return "UserAccess";
        }
        if (rights.equals(GUEST_ACCESS)) {
            return "GuestAccess";
        }
        if (rights.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        for (Right r : rights) {
            names.add(r.displayName());
        }
        return String.join(",", names);
    }
}
