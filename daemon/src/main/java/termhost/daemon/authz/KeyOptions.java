package termhost.daemon.authz;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an authorized_keys line (or a certificate) allows beyond the logon itself, as sshd reads
 * its options (man sshd, AUTHORIZED_KEYS FILE FORMAT): where from, until when, a forced command,
 * and which of pty, port, agent and X11 forwarding the connection may use. Chosen at logon, it is
 * kept on the SSH connection; the channels and the forwarding work read it there.
 *
 * <p>An option termhost does not enforce ({@code environment=}, {@code tunnel=}, ...) makes the whole line invalid, as an unknown one does for sshd: a
 * restriction honoured halfway would be worse than none.
 *
 * @param command the forced command ({@code command=}), or null
 * @param from the client addresses admitted ({@code from=}), or null for any
 * @param expiry the instant from which the key is refused ({@code expiry-time=}), or null
 * @param certAuthority the line's key is a CA's whose user certificates it admits ({@code cert-authority})
 * @param principals with {@code cert-authority}: the certificate must name one of these
 *     ({@code principals=}); null: it must name the account
 * @param permitOpen where {@code ssh -L}/{@code -D} may connect ({@code permitopen="host:port"}, one
 *     or more): {@code host:port} entries, either part {@code *} for any; null for anywhere
 * @param permitListen where {@code ssh -R} may listen ({@code permitlisten="[host:]port"}, one or
 *     more): host patterns with {@code *} and {@code ?}, a lone port meaning any host; null for anywhere
 */
public record KeyOptions(boolean pty, boolean portForwarding, boolean agentForwarding, boolean x11Forwarding,
        boolean userRc, String command, AddressPatterns from, Instant expiry, boolean certAuthority,
        List<String> principals, List<Target> permitOpen, List<Target> permitListen) {

    /** A key without options: everything the host allows. */
    public static final KeyOptions NONE = new KeyOptions(true, true, true, true, true, null, null, null, false, null,
            null, null);

    public KeyOptions {
        principals = principals == null ? null : List.copyOf(principals);
        permitOpen = permitOpen == null ? null : List.copyOf(permitOpen);
        permitListen = permitListen == null ? null : List.copyOf(permitListen);
    }

    /**
     * One {@code permitopen=} or {@code permitlisten=} entry, as sshd reads it: a host (IPv6 in
     * brackets) and a port, {@code *} for either matching any. A {@code permitopen} host is literal (no
     * patterns, no name lookup); a {@code permitlisten} host is a pattern, and a lone port means any host.
     */
    public record Target(String host, String port) {
        static final String ANY = "*";

        static Target parse(String option, String value) {
            String host;
            String rest;
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(option + "=\"" + value + "\": expected [address]:port");
                }
                host = value.substring(1, close);
                rest = value.substring(close + 2);
            } else if (option.equals("permitlisten") && value.indexOf(':') < 0) {
                host = ANY;
                rest = value;
            } else {
                int colon = value.lastIndexOf(':');
                if (colon < 0 || value.indexOf(':') != colon) {
                    throw new IllegalArgumentException(option + "=\"" + value + "\": expected host:port");
                }
                host = value.substring(0, colon);
                rest = value.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException(option + "=\"" + value + "\": no host");
            }
            if (!rest.equals(ANY) && !validPort(rest)) {
                throw new IllegalArgumentException(option + "=\"" + value + "\": bad port " + rest);
            }
            return new Target(host, rest);
        }

        private static boolean validPort(String p) {
            if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
                return false;
            }
            int n = Integer.parseInt(p);
            return n >= 1 && n <= 65535;
        }

        boolean admits(String requestedHost, int requestedPort) {
            return (host.equals(ANY) || host.equals(requestedHost)) && admitsPort(requestedPort);
        }

        /**
         * As sshd's {@code remote_open_match}: the address the client asked to listen on
         * ({@code localhost} when it named none), lower-cased, matches the host pattern.
         */
        boolean admitsListener(String requestedAddress, int requestedPort) {
            return AddressPatterns.wildcard(host, requestedAddress.toLowerCase(Locale.ROOT)) && admitsPort(requestedPort);
        }

        private boolean admitsPort(int requestedPort) {
            return port.equals(ANY) || Integer.parseInt(port) == requestedPort;
        }

        /** As sshd's {@code open_match} with {@code PORT_STREAMLOCAL}: no port but {@code *} names a path. */
        boolean admitsPath(String path) {
            return (host.equals(ANY) || host.equals(path)) && port.equals(ANY);
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Whether {@code ssh -L}/{@code -D} may connect to {@code host}:{@code port} under {@code permitopen=}. */
    public boolean opens(String host, int port) {
        return permitOpen == null || permitOpen.stream().anyMatch(t -> t.admits(host, port));
    }

    /** Whether {@code ssh -L ...:PATH} may connect to the Unix socket at {@code path} under {@code permitopen=}. */
    public boolean opensPath(String path) {
        return permitOpen == null || permitOpen.stream().anyMatch(t -> t.admitsPath(path));
    }

    /** Whether {@code ssh -R} may listen on {@code address}:{@code port} under {@code permitlisten=}. */
    public boolean listens(String address, int port) {
        return permitListen == null || permitListen.stream().anyMatch(t -> t.admitsListener(address, port));
    }

    private static final DateTimeFormatter EXPIRY_FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * The options of one authorized_keys line (the text before the key type), {@code zone} the
     * host's, in which {@code expiry-time} is read unless it ends in {@code Z}, as sshd does.
     * Throws {@link IllegalArgumentException} saying what is wrong.
     */
    public static KeyOptions parse(String text, ZoneId zone) {
        boolean pty = true;
        boolean port = true;
        boolean agent = true;
        boolean x11 = true;
        boolean userRc = true;
        String command = null;
        AddressPatterns from = null;
        Instant expiry = null;
        boolean certAuthority = false;
        List<String> principals = null;
        List<Target> permitOpen = null;
        List<Target> permitListen = null;
        int i = 0;
        while (i < text.length()) {
            int nameEnd = i;
            while (nameEnd < text.length() && text.charAt(nameEnd) != '=' && text.charAt(nameEnd) != ',') {
                nameEnd++;
            }
            String name = text.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            String value = null;
            i = nameEnd;
            if (i < text.length() && text.charAt(i) == '=') {
                StringBuilder v = new StringBuilder();
                i = quoted(text, i + 1, v);
                value = v.toString();
            }
            if (i < text.length()) {
                if (text.charAt(i) != ',') {
                    throw new IllegalArgumentException("option " + name + ": junk after its value");
                }
                i++;
                if (i == text.length()) {
                    throw new IllegalArgumentException("options end with a comma");
                }
            }
            if (value == null) {
                switch (name) {
                    case "restrict" -> {
                        pty = false;
                        port = false;
                        agent = false;
                        x11 = false;
                        userRc = false;
                    }
                    case "pty" -> pty = true;
                    case "no-pty" -> pty = false;
                    case "port-forwarding" -> port = true;
                    case "no-port-forwarding" -> port = false;
                    case "agent-forwarding" -> agent = true;
                    case "no-agent-forwarding" -> agent = false;
                    case "x11-forwarding" -> x11 = true;
                    case "no-x11-forwarding" -> x11 = false;
                    case "user-rc" -> userRc = true;
                    case "no-user-rc" -> userRc = false;
                    case "cert-authority" -> certAuthority = true;
                    case "command", "from", "expiry-time", "permitopen", "permitlisten" -> throw new IllegalArgumentException(
                            "option " + name + " needs a value in double quotes");
                    default -> throw unknown(name);
                }
                continue;
            }
            switch (name) {
                case "command" -> {
                    if (command != null) {
                        throw new IllegalArgumentException("command= given twice");
                    }
                    command = value;
                }
                case "from" -> {
                    if (from != null) {
                        throw new IllegalArgumentException("from= given twice");
                    }
                    from = AddressPatterns.parse(value);
                }
                case "principals" -> {
                    if (principals != null) {
                        throw new IllegalArgumentException("principals= given twice");
                    }
                    principals = List.of(value.split(",", -1));
                    if (principals.stream().anyMatch(String::isBlank)) {
                        throw new IllegalArgumentException("principals=\"" + value + "\" names an empty principal");
                    }
                }
                // several: each adds a target, as in sshd
                case "permitopen" -> permitOpen = added(permitOpen, Target.parse(name, value));
                case "permitlisten" -> permitListen = added(permitListen, Target.parse(name, value));
                case "expiry-time" -> {
                    Instant t = expiry(value, zone);
                    // several: the earliest wins, as in sshd
                    expiry = expiry == null || t.isBefore(expiry) ? t : expiry;
                }
                default -> throw unknown(name);
            }
        }
        if (principals != null && !certAuthority) {
            throw new IllegalArgumentException("principals= without cert-authority");
        }
        return new KeyOptions(pty, port, agent, x11, userRc, command, from, expiry, certAuthority, principals,
                permitOpen, permitListen);
    }

    private static List<Target> added(List<Target> targets, Target target) {
        List<Target> all = targets == null ? new ArrayList<>() : targets;
        all.add(target);
        return all;
    }

    /**
     * What a certificate admitted by a {@code cert-authority} line may do: what both allow, as sshd
     * merges them. Two different forced commands refuse the logon (IllegalArgumentException). The
     * address and expiry of each must be checked ({@link #refusal}) before: the result keeps the line's.
     */
    public KeyOptions within(KeyOptions certificate) {
        String c = command;
        if (c == null) {
            c = certificate.command;
        } else if (certificate.command != null && !certificate.command.equals(c)) {
            throw new IllegalArgumentException("the line's command= and the certificate's force-command differ");
        }
        return new KeyOptions(pty && certificate.pty, portForwarding && certificate.portForwarding,
                agentForwarding && certificate.agentForwarding, x11Forwarding && certificate.x11Forwarding,
                userRc && certificate.userRc, c, from != null ? from : certificate.from, expiry, false, null,
                permitOpen, permitListen);
    }

    /**
     * Why a logon with this key from {@code clientAddress} at {@code now} is refused, or null when
     * it is not.
     */
    public String refusal(String clientAddress, Instant now) {
        if (expiry != null && !now.isBefore(expiry)) {
            return "key expired at " + expiry + " (expiry-time)";
        }
        if (from != null && !from.admits(clientAddress)) {
            return "client address " + clientAddress + " not allowed by from=\"" + from + "\"";
        }
        return null;
    }

    /** Reads a value in double quotes from {@code at} into {@code out}; returns the index after it. */
    private static int quoted(String text, int at, StringBuilder out) {
        if (at >= text.length() || text.charAt(at) != '"') {
            throw new IllegalArgumentException("an option's value must be in double quotes");
        }
        for (int i = at + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                out.append('"');
                i++;
            } else if (c == '"') {
                return i + 1;
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("missing closing double quote");
    }

    /** sshd's {@code parse_absolute_time}: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, a final Z for UTC. */
    static Instant expiry(String value, ZoneId zone) {
        String v = value;
        ZoneId z = zone;
        if (v.endsWith("Z") || v.endsWith("z")) {
            v = v.substring(0, v.length() - 1);
            z = ZoneOffset.UTC;
        }
        try {
            String full = switch (v.length()) {
                case 8 -> v + "000000";
                case 12 -> v + "00";
                case 14 -> v;
                default -> throw new IllegalArgumentException();
            };
            if (!full.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException();
            }
            return LocalDateTime.parse(full, EXPIRY_FORMAT).atZone(z).toInstant();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("expiry-time \"" + value + "\" is not YYYYMMDD[HHMM[SS]][Z]");
        }
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("option " + name + " is not supported by termhost");
    }
}
