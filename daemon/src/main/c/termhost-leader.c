// termhost-leader: the root session leader of one termhost session (DESIGN §10, issue #13).
//
//   termhost-leader --service S --user U [--rhost H] [--tty T] [--join FILE]... [--dir D]
//                   [--env NAME=VALUE]... [--keep NAME]... [--status-fd N] -- PROGRAM ARG...
//
// Opens the PAM session stack of service S for user U and holds it while the session lives. It must
// be a process of its own: pam_limits, pam_loginuid and pam_keyinit change the process that calls
// them, and what they set must reach the session's processes and never the daemon. It forks the
// session's first process, which joins the session's cgroup (each --join FILE, a cgroup.procs) before
// anything else, becomes U (groups, gid, uid), enters D as U (else /) and execs PROGRAM with exactly
// the --env variables and PAM's (pam_env), PAM's never replacing SSH_AUTH_SOCK, TERMHOST_* or a --keep
// name. Standard descriptors and the terminal pass straight to it; the leader keeps none of them.
//
// The leader stays outside the cgroup, so a logoff's cgroup.kill ends the session and not its PAM
// handle. It is the session's child subreaper: whatever the session orphans becomes its child and is
// reaped here, where PID 1 may not reap (a container). When no child is left it closes the PAM
// session and ends as the first process did: its exit code, or the same signal. With --status-fd
// the first process's wait status is also written there (decimal, newline) the moment it ends:
// an exec session ends with its command, not when what the command left behind has been killed.
//
// Exit codes of its own: 254 (REFUSED) when the PAM session did not open, 1 or 2 for other failures
// before the fork; after it, the first process's.
//
// link: -lpam
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#define REFUSED 254 // UserCommand.SESSION_REFUSED

static const char *service, *user, *rhost, *tty, *dir = "/";
static const char **joins, **envs, **keeps;
static int njoin, nenv, nkeep, status_fd = -1;

// _exit: the first process must not run what PAM modules left for the leader's exit
static void die(int code, const char *what, const char *detail) {
    fprintf(stderr, "termhost-leader: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    _exit(code);
}

static void usage(void) {
    die(2, "usage: termhost-leader --service S --user U [--rhost H] [--tty T] [--join FILE]... [--dir D] "
           "[--env N=V]... [--keep N]... [--status-fd N] -- PROGRAM [ARG]...", NULL);
}

// Session modules talk at logon (pam_motd, pam_mail, pam_lastlog2): the greeting is the daemon's
// (LogonGreeting, in the pane, new sessions only, ~/.hushlogin honoured), so their words go to the
// log; a module that asks a question gets no answer (there is nobody to ask).
static int conversation(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
    (void) data;
    for (int i = 0; i < n; i++) {
        if (msg[i]->msg_style != PAM_TEXT_INFO && msg[i]->msg_style != PAM_ERROR_MSG) {
            return PAM_CONV_ERR;
        }
    }
    *resp = NULL;
    return PAM_SUCCESS;
}

static int protected_name(const char *var) {
    size_t len = strcspn(var, "=");
    if ((len == 13 && strncmp(var, "SSH_AUTH_SOCK", 13) == 0) || strncmp(var, "TERMHOST_", 9) == 0) {
        return 1;
    }
    for (int i = 0; i < nkeep; i++) {
        if (strlen(keeps[i]) == len && strncmp(var, keeps[i], len) == 0) {
            return 1;
        }
    }
    return 0;
}

// The daemon's variables, then PAM's over them where they may replace one.
static char **environment(pam_handle_t *pamh) {
    char **pam = pam_getenvlist(pamh);
    int npam = 0;
    while (pam && pam[npam]) {
        npam++;
    }
    char **env = calloc((size_t) nenv + (size_t) npam + 1, sizeof(char *));
    if (!env) {
        die(1, "out of memory", NULL);
    }
    int n = 0;
    for (int i = 0; i < nenv; i++) {
        env[n++] = (char *) envs[i];
    }
    for (int i = 0; i < npam; i++) {
        if (protected_name(pam[i])) {
            continue;
        }
        size_t len = strcspn(pam[i], "=") + 1;
        int at = 0;
        while (at < n && strncmp(env[at], pam[i], len) != 0) {
            at++;
        }
        env[at] = pam[i];
        n += at == n;
    }
    return env;
}

static int open_session(pam_handle_t *pamh, const char **step) {
    int rc;
    *step = "pam_set_item";
    if ((rc = pam_set_item(pamh, PAM_RHOST, rhost)) != PAM_SUCCESS
            || (rc = pam_set_item(pamh, PAM_TTY, tty)) != PAM_SUCCESS) {
        return rc;
    }
    *step = "pam_setcred";
    if ((rc = pam_setcred(pamh, PAM_ESTABLISH_CRED)) != PAM_SUCCESS) {
        return rc;
    }
    *step = "pam_open_session";
    if ((rc = pam_open_session(pamh, 0)) != PAM_SUCCESS) {
        pam_setcred(pamh, PAM_DELETE_CRED);
    }
    return rc;
}

static void reset_signals(void) {
    sigset_t none;
    for (int s = 1; s < NSIG; s++) {
        signal(s, SIG_DFL); // fails for SIGKILL, SIGSTOP and the realtime ones glibc keeps: harmless
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

// The session's first process: into the cgroup first (its children must not escape it), then the
// user with no capability left, then the program.
static void child(const struct passwd *pw, char **argv, char **env) {
    reset_signals();
    // a session of its own; on a terminal, the terminal is taken from the leader's session, so
    // ^C and the hangup reach the program and never the leader
    if (setsid() < 0) {
        die(126, "setsid", strerror(errno));
    }
    if (isatty(STDIN_FILENO) && ioctl(STDIN_FILENO, TIOCSCTTY, 1) < 0) {
        die(126, "cannot take the terminal", strerror(errno));
    }
    char pid[24];
    int len = snprintf(pid, sizeof pid, "%ld", (long) getpid());
    for (int i = 0; i < njoin; i++) {
        int fd = open(joins[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, pid, (size_t) len) != len || close(fd) < 0) {
            die(126, "cannot join the session's group", joins[i]);
        }
    }
    struct __user_cap_header_struct head = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct caps[2];
    if (syscall(SYS_capget, &head, caps) < 0) {
        die(126, "capget", strerror(errno));
    }
    caps[0].inheritable = caps[1].inheritable = 0;
    if (syscall(SYS_capset, &head, caps) < 0 || prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) {
        die(126, "cannot drop the inheritable capabilities", strerror(errno));
    }
    if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
        die(126, "cannot become the user", strerror(errno));
    }
    if (pw->pw_uid != 0 && (setuid(0) == 0 || getegid() != pw->pw_gid)) {
        die(126, "privileges still held after dropping them", NULL);
    }
    // as the user: a home root may not enter (root-squashed NFS) is entered only as its owner
    if (chdir(dir) < 0 && chdir("/") < 0) {
        die(126, "chdir /", strerror(errno));
    }
    closefrom(STDERR_FILENO + 1);
    execve(argv[0], argv, env);
    int e = errno;
    fprintf(stderr, "termhost-leader: cannot run %s: %s\n", argv[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

static void parse(int argc, char **argv, int *first) {
    joins = calloc((size_t) argc, sizeof(char *));
    envs = calloc((size_t) argc, sizeof(char *));
    keeps = calloc((size_t) argc, sizeof(char *));
    if (!joins || !envs || !keeps) {
        die(1, "out of memory", NULL);
    }
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!val) {
            usage();
        } else if (!strcmp(opt, "--service")) {
            service = val;
        } else if (!strcmp(opt, "--user")) {
            user = val;
        } else if (!strcmp(opt, "--rhost")) {
            rhost = val;
        } else if (!strcmp(opt, "--tty")) {
            tty = val;
        } else if (!strcmp(opt, "--dir")) {
            dir = val;
        } else if (!strcmp(opt, "--join")) {
            joins[njoin++] = val;
        } else if (!strcmp(opt, "--env") && strchr(val, '=') && val[0] != '=') {
            envs[nenv++] = val;
        } else if (!strcmp(opt, "--keep")) {
            keeps[nkeep++] = val;
        } else if (!strcmp(opt, "--status-fd")) {
            char *end;
            long fd = strtol(val, &end, 10);
            if (*end || fd < 3 || fd > 1024 || fcntl((int) fd, F_SETFD, FD_CLOEXEC) < 0) {
                die(2, "bad --status-fd", val);
            }
            status_fd = (int) fd;
        } else {
            usage();
        }
    }
    if (i + 1 >= argc || !service || !user || argv[i + 1][0] != '/') {
        usage();
    }
    *first = i + 1;
}

static void report_status(int status) {
    if (status_fd < 0) {
        return;
    }
    char line[24];
    int len = snprintf(line, sizeof line, "%d\n", status);
    if (write(status_fd, line, (size_t) len) != len) {
        syslog(LOG_WARNING, "cannot report the first process's end: %m");
    }
    close(status_fd);
    status_fd = -1;
}

int main(int argc, char **argv) {
    int first;
    parse(argc, argv, &first);
    if (clearenv() != 0) {
        die(1, "clearenv", NULL);
    }
    if (geteuid() != 0) {
        die(1, "must run as root", NULL);
    }
    // whatever the daemon's mask and dispositions were (SIGCHLD ignored would reap for us)
    reset_signals();
    // a terminal's signals are the session's, not ours; a gone daemon must not end us with SIGPIPE
    int ignored[] = {SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE};
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        signal(ignored[i], SIG_IGN);
    }
    // a session of its own however it was started: what is sent to the daemon's process group
    // (a ^C where it runs in the foreground) is not for the sessions (EPERM: it already leads one)
    if (setsid() < 0 && errno != EPERM) {
        die(1, "setsid", strerror(errno));
    }
    openlog("termhost-leader", LOG_PID, LOG_AUTHPRIV);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
        die(1, "PR_SET_CHILD_SUBREAPER", strerror(errno));
    }
    errno = 0;
    struct passwd *found = getpwnam(user);
    if (!found) {
        die(1, "no such user", user);
    }
    // PAM modules call getpwnam too, and its result is static: keep a copy
    struct passwd pw = *found;
    if (!(pw.pw_name = strdup(found->pw_name))) {
        die(1, "out of memory", NULL);
    }

    struct pam_conv conv = {conversation, NULL};
    pam_handle_t *pamh = NULL;
    int rc = pam_start(service, user, &conv, &pamh);
    if (rc != PAM_SUCCESS) {
        die(1, "cannot open the PAM session: pam_start", pam_strerror(pamh, rc));
    }
    const char *step;
    rc = open_session(pamh, &step);
    if (rc != PAM_SUCCESS) {
        fprintf(stderr, "termhost-leader: the PAM session of %s (service %s) did not open: %s: %s\n", user,
                service, step, pam_strerror(pamh, rc));
        syslog(LOG_NOTICE, "session of %s refused: %s: %s", user, step, pam_strerror(pamh, rc));
        pam_end(pamh, rc);
        return REFUSED;
    }
    char **env = environment(pamh);

    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "termhost-leader: fork: %s\n", strerror(errno));
        rc = PAM_SYSTEM_ERR;
    } else if (pid == 0) {
        child(&pw, argv + first, env);
    }
    // the streams are the first process's: holding them would keep its reader from seeing their end
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0) {
        syslog(LOG_ERR, "cannot let go of the standard streams: %m");
    }
    if (null > 2) {
        close(null);
    }
    int status = pid < 0 ? (1 << 8) : 0;
    for (;;) {
        int st;
        pid_t done = waitpid(-1, &st, 0);
        if (done < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno != ECHILD) {
                syslog(LOG_ERR, "waitpid: %m");
            }
            break;
        }
        if (done == pid) {
            status = st;
            report_status(st);
        }
    }
    report_status(status);
    int close_rc = pam_close_session(pamh, 0);
    if (close_rc != PAM_SUCCESS) {
        syslog(LOG_WARNING, "pam_close_session for %s: %s", user, pam_strerror(pamh, close_rc));
    }
    pam_setcred(pamh, PAM_DELETE_CRED);
    pam_end(pamh, close_rc == PAM_SUCCESS ? rc : close_rc);
    if (WIFSIGNALED(status)) {
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none); // the program's dump, if any, was its own
        reset_signals();
        raise(WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
