package termhost.daemon.os;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few libc calls the daemon makes about users, groups, processes and files, and the one datagram
 * it sends ({@link ServiceManager}).
 *
 * <p>Package-private on purpose: other packages go through {@link Posix} and {@link OsUsers},
 * which turn errno into exceptions and {@code -1} into {@code Optional}s. The user and group
 * look-ups use the reentrant {@code _r} variants because the daemon looks users up from many
 * threads, and go through libc (not {@code /etc/passwd}) so that NSS sources such as LDAP or
 * SSSD are honoured. {@code size_t} is mapped to {@link NativeLong}, which has its width on
 * Linux.
 */
interface Libc extends Library {
    Libc INSTANCE = Native.load("c", Libc.class);

    int getpid();

    int getuid();

    int geteuid();

    int getgid();

    int kill(int pid, int sig);

    int chmod(String path, int mode);

    int chown(String path, int uid, int gid);

    String strerror(int errnum);

    int getpwnam_r(String name, Passwd pwd, Pointer buf, NativeLong buflen, PointerByReference result);

    int getpwuid_r(int uid, Passwd pwd, Pointer buf, NativeLong buflen, PointerByReference result);

    int getgrnam_r(String name, Group grp, Pointer buf, NativeLong buflen, PointerByReference result);

    int getgrgid_r(int gid, Group grp, Pointer buf, NativeLong buflen, PointerByReference result);

    int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);

    NativeLong getxattr(String path, String name, byte[] value, NativeLong size);

    int socket(int domain, int type, int protocol);

    NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrlen);

    int close(int fd);

    /** {@code struct passwd}; JNA reads the {@code char *} members as strings after the call. */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell"})
    class Passwd extends Structure {
        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;
        public String pw_gecos;
        public String pw_dir;
        public String pw_shell;
    }

    /** {@code struct group}; the member list is not needed, so it stays a raw pointer. */
    @Structure.FieldOrder({"gr_name", "gr_passwd", "gr_gid", "gr_mem"})
    class Group extends Structure {
        public String gr_name;
        public String gr_passwd;
        public int gr_gid;
        public Pointer gr_mem;
    }
}
