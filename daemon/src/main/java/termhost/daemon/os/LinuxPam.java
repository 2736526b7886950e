package termhost.daemon.os;

import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Pam} through a direct JNA binding to Linux-PAM's libpam (not libpam4j, which answers only
 * password prompts and has crashed JVMs under concurrency). One handle per {@link #run}, ended in
 * the same call; the conversation runs on the calling thread, inside the module's call.
 *
 * <p>Flags as sshd passes them with {@code PermitEmptyPasswords no}: {@code PAM_DISALLOW_NULL_AUTHTOK}
 * to both stacks, so Debian's {@code nullok} in common-auth never lets an empty password in.
 */
public final class LinuxPam implements Pam {
    /** Linux-PAM's PAM_MAX_NUM_MSG: more messages in one call is a broken module. */
    private static final int MAX_MESSAGES = 32;
    private static final long RESPONSE_SIZE = 2L * Native.POINTER_SIZE;

    private LinuxPam() {
    }

    /** The host's libpam, or empty (with the reason in {@code why}) when it cannot be loaded. */
    public static Optional<Pam> load(StringBuilder why) {
        try {
            LibPam.load();
            return Optional.of(new LinuxPam());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            why.append(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Outcome run(Request request, PamConversation conversation) {
        LibPam.ConvFunction conv = new LibPam.ConvFunction() {
            @Override
            public int invoke(int numMsg, Pointer msg, Pointer resp, Pointer appdata) {
                return converse(conversation, numMsg, msg, resp);
            }
        };
        // struct pam_conv { conv; appdata_ptr; }: pam_start copies it, the function must outlive the handle
        Memory convStruct = new Memory(2L * Native.POINTER_SIZE);
        convStruct.setPointer(0, CallbackReference.getFunctionPointer(conv));
        convStruct.setPointer(Native.POINTER_SIZE, Pointer.NULL);
        PointerByReference handle = new PointerByReference();
        int rc = LibPam.pam_start(request.service(), request.user(), convStruct, handle);
        if (rc != SUCCESS) {
            return new Outcome(rc, "pam_start", LibPam.pam_strerror(null, rc));
        }
        Pointer h = handle.getValue();
        String step = "pam_set_item";
        try {
            if (request.remoteHost() != null) {
                rc = LibPam.pam_set_item(h, LibPam.ITEM_RHOST, request.remoteHost());
            }
            if (rc == SUCCESS && request.tty() != null) {
                rc = LibPam.pam_set_item(h, LibPam.ITEM_TTY, request.tty());
            }
            if (rc == SUCCESS && request.authenticate()) {
                step = "pam_authenticate";
                rc = LibPam.pam_authenticate(h, LibPam.DISALLOW_NULL_AUTHTOK);
            }
            if (rc == SUCCESS) {
                step = "pam_acct_mgmt";
                rc = LibPam.pam_acct_mgmt(h, LibPam.DISALLOW_NULL_AUTHTOK);
            }
            return new Outcome(rc, step, LibPam.pam_strerror(h, rc));
        } finally {
            LibPam.pam_end(h, rc);
            Reference.reachabilityFence(conv);
            Reference.reachabilityFence(convStruct);
        }
    }

    /**
     * One conversation call. The answers are malloc'ed, as PAM frees them with free(3). Nothing may
     * escape: an exception out of a JNA callback would return 0, PAM_SUCCESS, to the module.
     */
    private static int converse(PamConversation conversation, int count, Pointer msg, Pointer resp) {
        try {
            if (count <= 0 || count > MAX_MESSAGES) {
                return CONV_ERR;
            }
            List<PamMessage> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Pointer m = msg.getPointer((long) i * Native.POINTER_SIZE);
                PamMessage.Style style = styleOf(m.getInt(0));
                if (style == null) {
                    return CONV_ERR; // binary prompts and the like: nothing of ours speaks them
                }
                Pointer text = m.getPointer(Native.POINTER_SIZE);
                messages.add(new PamMessage(style, text == null ? "" : text.getString(0, "UTF-8")));
            }
            List<String> answers = conversation.converse(messages);
            if (answers == null || answers.size() != count) {
                return CONV_ERR;
            }
            for (int i = 0; i < count; i++) {
                if (messages.get(i).style().isPrompt() && answers.get(i) == null) {
                    return CONV_ERR;
                }
            }
            return respond(messages, answers, resp);
        } catch (Throwable t) {
            return CONV_ERR;
        }
    }

    private static int respond(List<PamMessage> messages, List<String> answers, Pointer resp) {
        int count = messages.size();
        long array = Native.malloc(count * RESPONSE_SIZE);
        if (array == 0) {
            return LibPam.BUF_ERR;
        }
        Pointer a = new Pointer(array);
        a.clear(count * RESPONSE_SIZE);
        for (int i = 0; i < count; i++) {
            if (!messages.get(i).style().isPrompt()) {
                continue;
            }
            byte[] bytes = answers.get(i).getBytes(StandardCharsets.UTF_8);
            long s = Native.malloc(bytes.length + 1L);
            if (s == 0) {
                for (int j = 0; j < i; j++) {
                    Pointer p = a.getPointer(j * RESPONSE_SIZE);
                    if (p != null) {
                        Native.free(Pointer.nativeValue(p));
                    }
                }
                Native.free(array);
                return LibPam.BUF_ERR;
            }
            Pointer p = new Pointer(s);
            p.write(0, bytes, 0, bytes.length);
            p.setByte(bytes.length, (byte) 0);
            java.util.Arrays.fill(bytes, (byte) 0);
            a.setPointer(i * RESPONSE_SIZE, p);
        }
        resp.setPointer(0, a);
        return SUCCESS;
    }

    private static PamMessage.Style styleOf(int style) {
        return switch (style) {
            case 1 -> PamMessage.Style.PROMPT_ECHO_OFF;
            case 2 -> PamMessage.Style.PROMPT_ECHO_ON;
            case 3 -> PamMessage.Style.ERROR;
            case 4 -> PamMessage.Style.INFO;
            default -> null;
        };
    }
}
