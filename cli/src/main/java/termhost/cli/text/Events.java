package termhost.cli.text;

import java.util.ArrayList;
import java.util.List;
import termhost.api.MessageKey;
import termhost.api.wire.Message;

/** Progress events of the daemon ({@code key}, {@code arg0..}) in the caller's words. */
public final class Events {
    private Events() {
    }

    public static String text(Message event, Messages m) {
        List<Object> args = new ArrayList<>();
        for (int i = 0; event.field("arg" + i) != null; i++) {
            args.add(event.field("arg" + i));
        }
        try {
            return m.get(MessageKey.fromKey(event.field("key", "")), args.toArray());
        } catch (IllegalArgumentException e) {
            return event.field("key", "event"); // a step a daemon of another version names
        }
    }
}
