package termhost.daemon.authz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenSSH's address pattern lists, as {@code from="..."} in authorized_keys and a certificate's
 * {@code source-address} use them: comma-separated entries, each a wildcard pattern ({@code *},
 * {@code ?}) or a CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}), {@code !} before one
 * negating it. A negated entry that matches refuses outright; otherwise one matching entry admits.
 *
 * <p>Entries are matched against the client's address only, as sshd does with its default
 * {@code UseDNS no}: a host name in the list matches nothing (resolving names the client's own DNS
 * controls would let it choose its name). A malformed CIDR block makes the whole list invalid,
 * so the key it guards is refused, as in OpenSSH's {@code addr_match_list}.
 */
public final class AddressPatterns {
    private record Entry(boolean negated, String pattern, byte[] network, int bits) {
    }

    private final String text;
    private final List<Entry> entries;

    private AddressPatterns(String text, List<Entry> entries) {
        this.text = text;
        this.entries = entries;
    }

    /** Parses {@code list}; throws {@link IllegalArgumentException} naming the bad entry. */
    public static AddressPatterns parse(String list) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String e = raw.trim();
            boolean negated = e.startsWith("!");
            if (negated) {
                e = e.substring(1);
            }
            if (e.isEmpty()) {
                throw new IllegalArgumentException("empty entry in address list \"" + list + "\"");
            }
            int slash = e.indexOf('/');
            if (slash < 0) {
                byte[] exact = e.contains("*") || e.contains("?") ? null : literal(e);
                // an address written out matches by value: ::1 is 0:0:0:0:0:0:0:1 too
                entries.add(exact != null ? new Entry(negated, e, exact, exact.length * 8)
                        : new Entry(negated, e.toLowerCase(Locale.ROOT), null, 0));
                continue;
            }
            byte[] network = literal(e.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException x) {
                bits = -1;
            }
            if (network == null || bits < 0 || bits > network.length * 8 || !hostBitsClear(network, bits)) {
                throw new IllegalArgumentException("invalid CIDR block \"" + e + "\" in address list");
            }
            entries.add(new Entry(negated, e, network, bits));
        }
        return new AddressPatterns(list, List.copyOf(entries));
    }

    /** True when {@code address} (an IP literal) is admitted by the list. */
    public boolean admits(String address) {
        byte[] bytes = literal(address);
        String text = bytes == null ? address.toLowerCase(Locale.ROOT) : canonical(bytes, address);
        boolean matched = false;
        for (Entry e : entries) {
            boolean m = e.network == null ? wildcard(e.pattern, text) : inBlock(bytes, e.network, e.bits);
            if (m && e.negated) {
                return false;
            }
            matched |= m;
        }
        return matched;
    }

    @Override
    public String toString() {
        return text;
    }

    /** The address of an IP literal, or null when {@code s} is not one (never a DNS lookup). */
    private static byte[] literal(String s) {
        if (s.isEmpty() || !s.matches("[0-9A-Fa-f:.]+") || !(s.contains(":") || s.matches("\\d+(\\.\\d+){3}"))) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String canonical(byte[] bytes, String original) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return original.toLowerCase(Locale.ROOT);
        }
    }

    private static boolean hostBitsClear(byte[] network, int bits) {
        for (int i = bits; i < network.length * 8; i++) {
            if ((network[i / 8] & (0x80 >> (i % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(byte[] address, byte[] network, int bits) {
        if (address == null || address.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** OpenSSH's {@code match_pattern}: {@code *} any run, {@code ?} any one character. */
    static boolean wildcard(String pattern, String s) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starI = i;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
