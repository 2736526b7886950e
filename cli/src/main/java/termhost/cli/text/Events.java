package termhost.cli.text;

import termhost.api.wire.Progress;

/** Progress events of the daemon in the caller's words. */
public final class Events {
    private Events() {
    }

    public static String text(Progress event, Messages m) {
        return m.get(event.key(), event.args().toArray());
    }
}
