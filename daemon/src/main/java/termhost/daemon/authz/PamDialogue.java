package termhost.daemon.authz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import termhost.daemon.os.Pam;
import termhost.daemon.os.PamMessage;

/**
 * One PAM transaction on a thread of its own, spoken to in steps, so that whoever asks (an SSH
 * connection's I/O thread) never waits inside PAM: {@link #next} is PAM's first step, questions
 * or a verdict; {@link #answer} hands the answers to the waiting module and gives the step after.
 * This is auth-pam.c's design (a thread per logon, the conversation passed over a socket), with
 * futures in place of the socket.
 *
 * <p>Texts (info and error messages) are gathered until they can be shown: with the next questions
 * as their instruction, or with the verdict. A conversation call that only shows texts is answered
 * at once.
 *
 * <p>Thread-safe. {@link #close} may be called at any time by anyone: a module waiting for answers
 * then gets {@code PAM_CONV_ERR}, as it does when no answer comes within the answer timeout.
 */
public final class PamDialogue implements AutoCloseable {
    /** What PAM says next. */
    public sealed interface Step permits Questions, Finished {
    }

    /**
     * PAM asks: the prompts of one conversation call.
     *
     * @param instruction the texts sent since the last step, one per line, or ""
     */
    public record Questions(String instruction, List<PamMessage> prompts) implements Step {
    }

    /**
     * PAM decided.
     *
     * @param texts the texts sent since the last step, one per line, or ""
     */
    public record Finished(Pam.Outcome outcome, String texts) implements Step {
    }

    private final Duration answerTimeout;
    private final Object lock = new Object();
    private final StringBuilder texts = new StringBuilder();
    private CompletableFuture<Step> step = new CompletableFuture<>();
    /** Non-null while a module waits for the answers to the step's questions. */
    private CompletableFuture<List<String>> answers;
    private boolean closed;

    private PamDialogue(Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
    }

    /** Starts {@code request} on one of {@code threads}; a full pool is a verdict, not an exception. */
    static PamDialogue start(Pam pam, Pam.Request request, Executor threads, Duration answerTimeout) {
        PamDialogue d = new PamDialogue(answerTimeout);
        try {
            threads.execute(() -> d.run(pam, request));
        } catch (RejectedExecutionException e) {
            d.step.complete(new Finished(new Pam.Outcome(Pam.ABORT, "pam_start", "too many logons in progress"), ""));
        }
        return d;
    }

    private void run(Pam pam, Pam.Request request) {
        Pam.Outcome outcome;
        try {
            outcome = pam.run(request, this::converse);
        } catch (RuntimeException | Error e) {
            outcome = new Pam.Outcome(Pam.ABORT, "pam", String.valueOf(e.getMessage()));
        }
        CompletableFuture<Step> last;
        String shown;
        synchronized (lock) {
            answers = null;
            // after unanswered questions the step was already given: the verdict needs a new one
            if (step.isDone()) {
                step = new CompletableFuture<>();
            }
            last = step;
            shown = drainTexts();
        }
        last.complete(new Finished(outcome, shown));
    }

    /** The step PAM is at: its first questions or its verdict, once it has one. */
    public CompletableFuture<Step> next() {
        synchronized (lock) {
            return step;
        }
    }

    /**
     * Answers the questions of the current step, one answer per prompt in order; null when they
     * cannot be answered (the module gets {@code PAM_CONV_ERR}).
     *
     * @return the step after
     * @throws IllegalStateException when PAM asked nothing (a client answering unasked)
     */
    public CompletableFuture<Step> answer(List<String> replies) {
        CompletableFuture<List<String>> waiting;
        CompletableFuture<Step> following;
        synchronized (lock) {
            if (answers == null) {
                throw new IllegalStateException("PAM is not waiting for answers");
            }
            waiting = answers;
            answers = null;
            following = new CompletableFuture<>();
            step = following;
        }
        waiting.complete(replies);
        return following;
    }

    /** Ends the conversation: a module waiting now or asking later gets {@code PAM_CONV_ERR}. Idempotent. */
    @Override
    public void close() {
        CompletableFuture<List<String>> waiting;
        synchronized (lock) {
            closed = true;
            waiting = answers;
            answers = null;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** On PAM's thread, inside a module's call. */
    private List<String> converse(List<PamMessage> messages) {
        List<PamMessage> prompts = messages.stream().filter(m -> m.style().isPrompt()).toList();
        CompletableFuture<List<String>> waiting;
        CompletableFuture<Step> asked;
        String shown;
        synchronized (lock) {
            for (PamMessage m : messages) {
                if (!m.style().isPrompt() && !m.text().isEmpty()) {
                    texts.append(m.text());
                    if (!m.text().endsWith("\n")) {
                        texts.append('\n');
                    }
                }
            }
            if (prompts.isEmpty()) {
                return Collections.nCopies(messages.size(), null);
            }
            if (closed) {
                return null;
            }
            waiting = new CompletableFuture<>();
            answers = waiting;
            asked = step;
            shown = drainTexts();
        }
        asked.complete(new Questions(shown, prompts));
        List<String> replies = await(waiting);
        if (replies == null || replies.size() != prompts.size()) {
            return null;
        }
        List<String> all = new ArrayList<>(messages.size());
        Iterator<String> it = replies.iterator();
        for (PamMessage m : messages) {
            all.add(m.style().isPrompt() ? it.next() : null);
        }
        return all;
    }

    private List<String> await(CompletableFuture<List<String>> waiting) {
        try {
            return waiting.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            synchronized (lock) {
                if (answers == waiting) {
                    answers = null;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String drainTexts() {
        String s = texts.toString();
        texts.setLength(0);
        return s;
    }
}
