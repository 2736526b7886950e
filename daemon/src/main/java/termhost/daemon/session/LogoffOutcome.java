package termhost.daemon.session;

import termhost.daemon.process.Teardown;

/**
 * The result of a logoff as its caller sees it: what the teardown took, or, for a caller that
 * found another logoff of the same session under way and waited for it, {@code alreadyGone}.
 */
public record LogoffOutcome(int sessionId, String owner, Teardown.Result result, boolean alreadyGone) {
}
