package termhost.daemon.session;

/** A client as the session domain sees it: what it was told when it was ended. */
final class FakeViewer implements Viewer {
    private final String address;
    volatile boolean ended;
    volatile String endReason;
    volatile Connection switchedTo;

    FakeViewer(String address) {
        this.address = address;
    }

    @Override
    public void send(byte[] chunk, Runnable sent) {
        sent.run();
    }

    @Override
    public String clientAddress() {
        return address;
    }

    @Override
    public String serverAddress() {
        return "10.0.0.1:22";
    }

    @Override
    public void end(String reason, int exitStatus) {
        endReason = reason;
        ended = true;
    }

    @Override
    public void switched(Connection next) {
        switchedTo = next;
    }
}
