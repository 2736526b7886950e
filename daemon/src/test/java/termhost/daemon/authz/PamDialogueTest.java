package termhost.daemon.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import termhost.daemon.os.Pam;
import termhost.daemon.os.PamConversation;
import termhost.daemon.os.PamMessage.Style;
import termhost.daemon.os.PamMessage;

/**
 * The conversation logic between PAM's thread and the SSH side, with a scripted PAM stack in
 * place of libpam: rounds of questions, texts kept for the next step, answers refused or never
 * given, and a full pool.
 */
class PamDialogueTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A stack that asks a password, then a code, with a text before each, like pam_unix then pam_oath. */
    private static final Pam PASSWORD_THEN_CODE = (request, conv) -> {
        List<String> a = conv.converse(List.of(new PamMessage(Style.INFO, "Welcome"),
                new PamMessage(Style.PROMPT_ECHO_OFF, "Password: ")));
        if (a == null || !"pw".equals(a.get(1))) {
            return new Pam.Outcome(a == null ? Pam.CONV_ERR : Pam.AUTH_ERR, "pam_authenticate", "no");
        }
        conv.converse(List.of(new PamMessage(Style.ERROR, "Code needed")));
        List<String> b = conv.converse(List.of(new PamMessage(Style.PROMPT_ECHO_ON, "Code: ")));
        if (b == null) {
            return new Pam.Outcome(Pam.CONV_ERR, "pam_authenticate", "Conversation error");
        }
        conv.converse(List.of(new PamMessage(Style.INFO, "Last login: never")));
        return "123".equals(b.get(0)) ? new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success")
                : new Pam.Outcome(Pam.AUTH_ERR, "pam_authenticate", "Authentication failure");
    };

    private PamDialogue start(Pam pam, Duration answerTimeout) {
        return PamDialogue.start(pam, new Pam.Request("svc", "alice", "127.0.0.1", "ssh", true), threads, answerTimeout);
    }

    private static PamDialogue.Step get(CompletableFuture<PamDialogue.Step> step) throws Exception {
        return step.get(30, TimeUnit.SECONDS);
    }

    @Test
    void eachPromptingCallIsOneRoundAndTextsComeWithTheNextStep() throws Exception {
        PamDialogue d = start(PASSWORD_THEN_CODE, LONG);

        assertThat(get(d.next())).isEqualTo(new PamDialogue.Questions("Welcome\n",
                List.of(new PamMessage(Style.PROMPT_ECHO_OFF, "Password: "))));
        assertThat(get(d.answer(List.of("pw")))).isEqualTo(new PamDialogue.Questions("Code needed\n",
                List.of(new PamMessage(Style.PROMPT_ECHO_ON, "Code: "))));
        assertThat(get(d.answer(List.of("123")))).isEqualTo(new PamDialogue.Finished(
                new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success"), "Last login: never\n"));
    }

    @Test
    void aWrongAnswerEndsInPamsVerdict() throws Exception {
        PamDialogue d = start(PASSWORD_THEN_CODE, LONG);
        get(d.next());
        PamDialogue.Step s = get(d.answer(List.of("wrong")));
        assertThat(s).isInstanceOf(PamDialogue.Finished.class);
        assertThat(((PamDialogue.Finished) s).outcome().code()).isEqualTo(Pam.AUTH_ERR);
    }

    @Test
    void closingWhileAModuleWaitsGivesItAConversationError() throws Exception {
        PamDialogue d = start(PASSWORD_THEN_CODE, LONG);
        get(d.next());
        CompletableFuture<PamDialogue.Step> code = d.answer(List.of("pw"));
        get(code);
        d.close();
        // the verdict comes on a step of its own: nobody answered the code's question
        assertThat(verdict(d).outcome().code()).isEqualTo(Pam.CONV_ERR);
        d.close(); // idempotent
    }

    @Test
    void noAnswerWithinTheTimeoutIsAConversationError() throws Exception {
        PamDialogue d = start(PASSWORD_THEN_CODE, Duration.ofMillis(50));
        get(d.next());
        assertThat(verdict(d).outcome().code()).isEqualTo(Pam.CONV_ERR);
    }

    /** The verdict once PAM's thread has given it (after questions nobody answered, on a new step). */
    private static PamDialogue.Finished verdict(PamDialogue d) {
        return (PamDialogue.Finished) await().atMost(LONG).until(() -> d.next().getNow(null),
                s -> s instanceof PamDialogue.Finished);
    }

    @Test
    void answersNobodyAskedForAreRefused() throws Exception {
        PamDialogue d = start(PASSWORD_THEN_CODE, LONG);
        get(d.next());
        d.answer(List.of("wrong"));
        assertThatThrownBy(() -> d.answer(List.of("again"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pamRunsOnAThreadOfItsOwn() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        PamDialogue d = start((r, c) -> {
            ranOn.complete(Thread.currentThread());
            return new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success");
        }, LONG);
        assertThat(get(d.next())).isInstanceOf(PamDialogue.Finished.class);
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aFullPoolIsAVerdictNotAnException() throws Exception {
        PamDialogue d = PamDialogue.start(PASSWORD_THEN_CODE, new Pam.Request("svc", "alice", null, "ssh", true), r -> {
            throw new RejectedExecutionException("full");
        }, LONG);
        PamDialogue.Finished f = (PamDialogue.Finished) get(d.next());
        assertThat(f.outcome().code()).isEqualTo(Pam.ABORT);
        assertThat(f.outcome().text()).isEqualTo("too many logons in progress");
    }

    @Test
    void thePasswordAnswersTheFirstHiddenPromptOnlyAsAuthPamDoes() throws Exception {
        Pam twoPrompts = (request, conv) -> {
            List<String> first = conv.converse(List.of(new PamMessage(Style.PROMPT_ECHO_OFF, "Password: ")));
            List<String> second = conv.converse(List.of(new PamMessage(Style.PROMPT_ECHO_OFF, "Code: ")));
            return second == null && List.of("pw").equals(first)
                    ? new Pam.Outcome(Pam.CONV_ERR, "pam_authenticate", "Conversation error")
                    : new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success");
        };
        try (PamLogons logons = new PamLogons(twoPrompts, "svc", LONG)) {
            PamDialogue.Finished f = logons.password("alice", null, "pw").get(30, TimeUnit.SECONDS);
            assertThat(f.outcome().code()).isEqualTo(Pam.CONV_ERR);
        }
    }

    @Test
    void theAccountStackAloneAnswersNoQuestionAndKeepsItsTexts() throws Exception {
        PamConversation[] seen = new PamConversation[1];
        Pam accountOnly = (request, conv) -> {
            seen[0] = conv;
            assertThat(request.authenticate()).isFalse();
            conv.converse(List.of(new PamMessage(Style.ERROR, "System closed")));
            return conv.converse(List.of(new PamMessage(Style.PROMPT_ECHO_ON, "Why? "))) == null
                    ? new Pam.Outcome(Pam.PERM_DENIED, "pam_acct_mgmt", "Permission denied")
                    : new Pam.Outcome(Pam.SUCCESS, "pam_acct_mgmt", "Success");
        };
        try (PamLogons logons = new PamLogons(accountOnly, "svc", LONG)) {
            PamDialogue.Finished f = logons.account("alice", "127.0.0.1").get(30, TimeUnit.SECONDS);
            assertThat(f).isEqualTo(new PamDialogue.Finished(
                    new Pam.Outcome(Pam.PERM_DENIED, "pam_acct_mgmt", "Permission denied"), "System closed\n"));
        }
    }
}
