package termhost.daemon.it;

import java.util.List;

/**
 * One iptables rule for the length of a test: the kernel refuses a user's TCP connections to one
 * loopback address ({@code -m owner --uid-owner}: it matches the socket's owner). Removed on close,
 * whatever the test's outcome.
 */
final class Firewall implements AutoCloseable {
    private final List<String> rule;

    private Firewall(List<String> rule) {
        this.rule = rule;
    }

    static Firewall rejectTcp(String address, String user) {
        List<String> rule = List.of("OUTPUT", "-d", address, "-p", "tcp", "-m", "owner", "--uid-owner", user, "-j",
                "REJECT", "--reject-with", "tcp-reset");
        List<String> add = new java.util.ArrayList<>(List.of("iptables", "-A"));
        add.addAll(rule);
        Shell.run(add).requireSuccess("iptables -A");
        return new Firewall(rule);
    }

    @Override
    public void close() {
        List<String> delete = new java.util.ArrayList<>(List.of("iptables", "-D"));
        delete.addAll(rule);
        Shell.run(delete).requireSuccess("iptables -D");
    }
}
