package termhost.daemon.authz;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import termhost.daemon.os.Pam;
import termhost.daemon.os.PamMessage;

/**
 * The host's PAM service ({@code pam.service}, by default {@code termhost}) as logons use it: each
 * transaction on a thread of its own, never on the caller's, so a slow module or pam_faildelay on
 * one logon holds up nobody else. {@code PAM_RHOST} is the client's address and {@code PAM_TTY} is
 * {@code ssh}, as sshd sets them before a terminal exists.
 *
 * <p>Threads: one per transaction in progress, at most {@link #MAX_IN_PROGRESS}; beyond that a
 * logon is refused at once. Each ends with its transaction (a kept thread would outlive the
 * modules' per-thread state for nothing).
 */
public final class PamLogons implements AutoCloseable {
    /** Transactions at once: OpenSSH's MaxStartups drops every unauthenticated connection past 100 too. */
    static final int MAX_IN_PROGRESS = 100;
    static final String TTY = "ssh";

    private final Pam pam;
    private final String service;
    private final Duration answerTimeout;
    private final ExecutorService threads;

    /**
     * @param pam the host's PAM, or null where it cannot be had (then keys only: see {@link #inUse})
     * @param answerTimeout how long a module waits for a client's answers (a one-time code to type)
     */
    public PamLogons(Pam pam, String service, Duration answerTimeout) {
        this.pam = pam;
        this.service = service;
        this.answerTimeout = answerTimeout;
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_IN_PROGRESS, 0, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "pam-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public boolean inUse() {
        return pam != null;
    }

    public String service() {
        return service;
    }

    /** Auth then account, the caller answering PAM's questions (keyboard-interactive). */
    public PamDialogue authenticate(String user, String remoteHost) {
        return start(new Pam.Request(service, user, remoteHost, TTY, true));
    }

    /**
     * Auth then account with a password: it answers the first prompt without echo, as auth-pam.c's
     * password conversation does; any further prompt (a one-time code, a second password) gets
     * {@code PAM_CONV_ERR}, so such a stack needs keyboard-interactive.
     */
    public CompletableFuture<PamDialogue.Finished> password(String user, String remoteHost, String password) {
        AtomicBoolean given = new AtomicBoolean();
        return answering(start(new Pam.Request(service, user, remoteHost, TTY, true)), q -> {
            boolean asksThePassword = q.prompts().size() == 1
                    && q.prompts().get(0).style() == PamMessage.Style.PROMPT_ECHO_OFF;
            return asksThePassword && given.compareAndSet(false, true) ? List.of(password) : null;
        });
    }

    /**
     * The account stack alone, for a user already proven by other means (a key): expiry,
     * pam_access, pam_nologin. A module that asks anything gets {@code PAM_CONV_ERR}.
     */
    public CompletableFuture<PamDialogue.Finished> account(String user, String remoteHost) {
        if (pam == null) {
            return CompletableFuture.completedFuture(new PamDialogue.Finished(
                    new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "PAM is not in use"), ""));
        }
        return answering(start(new Pam.Request(service, user, remoteHost, TTY, false)), q -> null);
    }

    private PamDialogue start(Pam.Request request) {
        Pam in = pam != null ? pam : (r, c) -> new Pam.Outcome(Pam.ABORT, "pam_start", "PAM is not available");
        return PamDialogue.start(in, request, threads, answerTimeout);
    }

    /** Follows {@code d} to its verdict, answering each question with {@code replies}; texts of every step kept. */
    static CompletableFuture<PamDialogue.Finished> answering(PamDialogue d,
            Function<PamDialogue.Questions, List<String>> replies) {
        return follow(d, d.next(), replies, new StringBuilder());
    }

    private static CompletableFuture<PamDialogue.Finished> follow(PamDialogue d,
            CompletableFuture<PamDialogue.Step> step, Function<PamDialogue.Questions, List<String>> replies,
            StringBuilder texts) {
        return step.thenCompose(s -> {
            if (s instanceof PamDialogue.Finished f) {
                return CompletableFuture.completedFuture(new PamDialogue.Finished(f.outcome(), texts + f.texts()));
            }
            PamDialogue.Questions q = (PamDialogue.Questions) s;
            texts.append(q.instruction());
            return follow(d, d.answer(replies.apply(q)), replies, texts);
        });
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
