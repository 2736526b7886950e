package termhost.daemon.admin;

import termhost.api.wire.Message;
import termhost.daemon.process.Step;

/** Progress steps as {@code event} messages: a key and its arguments, worded by the command. */
final class Events {
    private Events() {
    }

    static Message of(Step step) {
        Message.Builder b = Message.builder(Message.EVENT).put("key", step.key().key());
        for (int i = 0; i < step.args().size(); i++) {
            b.put("arg" + i, step.args().get(i));
        }
        return b.build();
    }
}
