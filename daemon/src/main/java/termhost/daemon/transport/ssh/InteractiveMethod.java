package termhost.daemon.transport.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.session.ServerSession;
import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.PamDialogue;
import termhost.daemon.os.PamMessage;

/**
 * The {@code keyboard-interactive} method (RFC 4256) through PAM, as many rounds as the stack asks:
 * each conversation call with prompts becomes one INFO_REQUEST, its instruction the texts PAM sent
 * before (auth-pam.c does the same); the auth then account stacks run on a PAM thread, and until
 * they decide MINA hears "in progress" ({@link AsyncAuth}). MINA's own
 * {@code UserAuthKeyboardInteractive} asks one round only.
 */
final class InteractiveMethod extends PamMethod {
    static final String NAME = "keyboard-interactive";
    /** The connection's transaction in progress: ended when the connection closes. */
    static final AttributeKey<PamDialogue> DIALOGUE = new AttributeKey<>();
    /** More prompts than any module asks at once (Linux-PAM's PAM_MAX_NUM_MSG). */
    private static final int MAX_RESPONSES = 32;

    private PamDialogue dialogue;
    private LogonGate.Verdict before;

    private InteractiveMethod(LogonChecks checks) {
        super(NAME, checks);
    }

    @Override
    protected Boolean doAuth(Buffer buffer, boolean init) throws Exception {
        ServerSession session = getServerSession();
        if (init) {
            buffer.getString(); // language tag
            buffer.getString(); // submethods: PAM decides what to ask
            if (!mayTry()) {
                return Boolean.FALSE;
            }
            before = checks.gate().admitByPassword(getUsername());
            dialogue = checks.pam().authenticate(pamUser(before), remoteHost());
            session.setAttribute(DIALOGUE, dialogue);
            return AsyncAuth.await(dialogue.next().thenApply(this::onStep));
        }
        int cmd = buffer.getUByte();
        if (cmd != SshConstants.SSH_MSG_USERAUTH_INFO_RESPONSE || dialogue == null) {
            return Boolean.FALSE;
        }
        int n = buffer.getInt();
        if (n < 0 || n > MAX_RESPONSES) {
            return Boolean.FALSE;
        }
        List<String> responses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            responses.add(buffer.getString());
        }
        return AsyncAuth.await(dialogue.answer(responses).thenApply(this::onStep));
    }

    /** Questions go to the client (in progress: null); a verdict settles the attempt. */
    private Boolean onStep(PamDialogue.Step step) {
        if (step instanceof PamDialogue.Finished f) {
            return settle(before, f);
        }
        PamDialogue.Questions q = (PamDialogue.Questions) step;
        ServerSession session = getServerSession();
        Buffer b = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_INFO_REQUEST);
        b.putString(""); // name
        b.putString(q.instruction());
        b.putString(""); // language tag
        b.putInt(q.prompts().size());
        for (PamMessage p : q.prompts()) {
            b.putString(p.text());
            b.putBoolean(p.style() == PamMessage.Style.PROMPT_ECHO_ON);
        }
        try {
            session.writePacket(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /** MINA ends the method when the client starts another, or the attempt is decided. */
    @Override
    public void destroy() {
        if (dialogue != null) {
            dialogue.close();
        }
    }

    static UserAuthFactory factory(LogonChecks checks) {
        return new MethodFactory(NAME, session -> new InteractiveMethod(checks));
    }
}
