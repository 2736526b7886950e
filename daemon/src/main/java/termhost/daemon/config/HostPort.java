package termhost.daemon.config;

/** {@code HOST:PORT}, with IPv6 hosts in brackets ({@code [::1]:2222}); the brackets are not kept. */
public record HostPort(String host, int port) {
    /** @throws IllegalArgumentException with no message when there is no {@code HOST:}, else naming the bad port */
    public static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException();
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = s.substring(colon + 1);
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port '" + port + "' is not a whole number");
        }
    }
}
