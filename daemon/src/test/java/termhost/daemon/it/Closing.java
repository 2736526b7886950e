package termhost.daemon.it;

import java.util.List;

/** What a test made, closed as try-with-resources would: in reverse order, each even when another fails. */
final class Closing {
    private Closing() {
    }

    /** Closes {@code made} (nulls skipped) last first; throws the first failure, the others suppressed in it. */
    static void inReverse(List<? extends AutoCloseable> made) throws Exception {
        Exception failure = null;
        for (int i = made.size() - 1; i >= 0; i--) {
            try {
                if (made.get(i) != null) {
                    made.get(i).close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
