package termhost.daemon.admin;

import termhost.api.wire.Progress;
import termhost.daemon.process.Step;

/** Progress steps as events: a text of the commands' words and its arguments, worded by the command. */
final class Events {
    private Events() {
    }

    static Progress of(Step step) {
        return new Progress(step.key(), step.args());
    }
}
