package termhost.daemon.os;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Direct-mapped libpam, as {@link DirectLibc} maps libc. By its soname: Debian ships the
 * unversioned {@code libpam.so} only with the development package.
 */
final class LibPam {
    static {
        Native.register("libpam.so.0");
    }

    static final int ITEM_TTY = 3;
    static final int ITEM_RHOST = 4;
    static final int DISALLOW_NULL_AUTHTOK = 0x0001;
    static final int BUF_ERR = 5;

    private LibPam() {
    }

    /** Linux-PAM's {@code struct pam_conv} function: {@code msg} is an array of pointers to messages. */
    interface ConvFunction extends Callback {
        int invoke(int numMsg, Pointer msg, Pointer resp, Pointer appdata);
    }

    /** Loads the library now: an {@link UnsatisfiedLinkError} here rather than at the first logon. */
    static void load() {
        // the static initialiser does it
    }

    static native int pam_start(String service, String user, Pointer conv, PointerByReference pamh);

    static native int pam_set_item(Pointer pamh, int itemType, String item);

    static native int pam_authenticate(Pointer pamh, int flags);

    static native int pam_acct_mgmt(Pointer pamh, int flags);

    static native int pam_end(Pointer pamh, int status);

    static native String pam_strerror(Pointer pamh, int errnum);
}
