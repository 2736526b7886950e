package termhost.daemon.process;

/** Linux signal numbers the daemon sends. */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;

    private Signals() {
    }
}
