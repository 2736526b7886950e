// termhost-net: the sockets of a session's port forwarding, opened as the session's user.
//
// The daemon starts it through setpriv as the user, inside the session's cgroup, with descriptor 0
// one end of a SOCK_SEQPACKET socketpair. Every socket it makes is therefore the user's: owner-match
// firewall rules see the user's uid, the kernel's ip_unprivileged_port_start applies to its binds,
// and the cgroup's limits and BPF programs apply. It only opens sockets: the daemon gets each one
// back with SCM_RIGHTS and moves the bytes in its own I/O loop.
//
// Requests, one datagram each (text, at most REQUEST_MAX bytes):
//   ID connect HOST PORT   a connected TCP socket (for -L, -D); HOST a name or an address
//   ID listen HOST PORT    a listening TCP socket (for -R); HOST numeric; PORT 0 picks one
//   ID listen-unix PATH    a listening Unix stream socket at PATH (absolute), mode 0600 (for -A: the
//                          session's agent socket, in the session's directory, which is the user's);
//                          a socket already there (one a stopped daemon listened on) is replaced
//   ID bind-unix PATH      a listening Unix stream socket at PATH (absolute), mode 0600 (for
//                          ssh -R PATH:...); a file already there is an error (EADDRINUSE), as
//                          under sshd's StreamLocalBindUnlink no; left in place when it closes
//   ID connect-unix PATH   a Unix stream socket connected to PATH (absolute) (for ssh -L ...:PATH)
// Replies, one datagram each, in any order (connects run in children, so a slow one holds up none):
//   ID ok PORT             with the socket attached; PORT the local one (the bound port for listen)
//   ID err ERRNO TEXT      without
// It ends when the daemon's end closes (logoff, or the daemon went away).
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/types.h>
#include <unistd.h>

#define CONTROL 0
#define REQUEST_MAX 512
#define REPLY_MAX 320
#define BACKLOG 128

// A reply, with fd attached when fd >= 0. A daemon that went away cannot be told: that ends us.
static void reply(unsigned long id, int fd, int port, int err, const char *text) {
    char body[REPLY_MAX];
    int n = fd >= 0 ? snprintf(body, sizeof body, "%lu ok %d", id, port)
                    : snprintf(body, sizeof body, "%lu err %d %s", id, err, text);
    if (n < 0) {
        _exit(2);
    }
    size_t len = (size_t)n < sizeof body ? (size_t)n : sizeof body - 1;
    struct iovec iov = {.iov_base = body, .iov_len = len};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (fd >= 0) {
        memset(&control, 0, sizeof control);
        msg.msg_control = control.buf;
        msg.msg_controllen = sizeof control.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    ssize_t sent;
    do {
        sent = sendmsg(CONTROL, &msg, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        _exit(1);
    }
    if (fd >= 0 && close(fd) != 0 && errno != EINTR) {
        _exit(2);
    }
}

static void failed(unsigned long id, int err, const char *what) {
    reply(id, -1, 0, err, what);
}

static int local_port(int fd) {
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        return -1;
    }
    if (a.ss_family == AF_INET) {
        return ntohs(((struct sockaddr_in *)&a)->sin_port);
    }
    if (a.ss_family == AF_INET6) {
        return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
    }
    return -1;
}

// What a request does with a new socket for one address: 0 when it is ready to hand over.
typedef int (*prepare_fn)(int fd, const struct addrinfo *ai);

static int connect_to(int fd, const struct addrinfo *ai) {
    int c;
    do {
        c = connect(fd, ai->ai_addr, ai->ai_addrlen);
    } while (c != 0 && errno == EINTR);
    return c;
}

static int listen_on(int fd, const struct addrinfo *ai) {
    int one = 1;
    return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0
                   && bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, BACKLOG) == 0
               ? 0
               : -1;
}

// A TCP socket for the first address of HOST and PORT that `prepare` succeeds with, handed over;
// else the last error. `flags`: getaddrinfo's, `none` the error when no address was tried.
static void open_socket(unsigned long id, const char *host, const char *port, int flags, int none,
                        prepare_fn prepare) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = flags};
    struct addrinfo *list = NULL;
    int rc = getaddrinfo(host, port, &hints, &list);
    if (rc != 0) {
        // getaddrinfo's errors as an errno (the daemon maps it to SSH's reasons) and its text
        failed(id, rc == EAI_SYSTEM ? errno : EHOSTUNREACH, gai_strerror(rc));
        return;
    }
    int err = none;
    for (struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (prepare(fd, ai) == 0) {
            freeaddrinfo(list);
            reply(id, fd, local_port(fd), 0, NULL);
            return;
        }
        err = errno;
        close(fd);
    }
    freeaddrinfo(list);
    failed(id, err, strerror(err));
}

// A port as the daemon sends it: digits only, 0..65535.
static int valid_port(const char *s) {
    if (*s == '\0' || strlen(s) > 5) {
        return 0;
    }
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
    }
    return atoi(s) <= 65535;
}

// A Unix socket address for `path`, absolute and short enough; 0 when it is not.
static int unix_address(const char *path, struct sockaddr_un *a) {
    size_t len = strlen(path);
    if (path[0] != '/' || len >= sizeof a->sun_path) {
        return 0;
    }
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    memcpy(a->sun_path, path, len + 1);
    return 1;
}

// A Unix listener at `path`, the user's: its mode 0600 whatever the umask (as sshd's
// StreamLocalBindMask 0177). `replace`: a socket already there is removed first (the agent's, left
// by a daemon that stopped); otherwise binding over it fails, as sshd's does.
static void listen_unix(unsigned long id, const char *path, int replace) {
    struct sockaddr_un a;
    if (!unix_address(path, &a)) {
        failed(id, EINVAL, "malformed path");
        return;
    }
    struct stat st;
    if (replace && lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) && unlink(path) != 0) {
        failed(id, errno, strerror(errno));
        return;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failed(id, errno, strerror(errno));
        return;
    }
    mode_t before = umask(0177);
    int bound = bind(fd, (struct sockaddr *)&a, sizeof a);
    int err = errno;
    umask(before);
    if (bound != 0 || listen(fd, BACKLOG) != 0) {
        err = bound != 0 ? err : errno;
        close(fd);
        failed(id, err, strerror(err));
        return;
    }
    reply(id, fd, 0, 0, NULL);
}

// A Unix stream socket connected to `path`, as the user: the path's permissions decide.
static void connect_unix(unsigned long id, const char *path) {
    struct sockaddr_un a;
    if (!unix_address(path, &a)) {
        failed(id, EINVAL, "malformed path");
        return;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failed(id, errno, strerror(errno));
        return;
    }
    int c;
    do {
        c = connect(fd, (struct sockaddr *)&a, sizeof a);
    } while (c != 0 && errno == EINTR);
    if (c != 0) {
        int err = errno;
        close(fd);
        failed(id, err, strerror(err));
        return;
    }
    reply(id, fd, 0, 0, NULL);
}

// True in a child of its own, which goes on with the request and replies: the parent goes on
// with the next one. A connect may wait long, and must hold up no other request.
static int in_child(unsigned long id) {
    pid_t child = fork();
    if (child < 0) {
        failed(id, errno, "fork failed");
    }
    return child == 0;
}

static void serve(char *request) {
    char *save = NULL;
    char *id_text = strtok_r(request, " ", &save);
    char *verb = strtok_r(NULL, " ", &save);
    char *host = strtok_r(NULL, " ", &save);
    char *port = strtok_r(NULL, " ", &save);
    if (id_text == NULL) {
        return;
    }
    char *end = NULL;
    errno = 0;
    unsigned long id = strtoul(id_text, &end, 10);
    if (errno != 0 || *end != '\0') {
        return; // no id to answer to: the daemon never sends this
    }
    if (verb != NULL && host != NULL && port == NULL) { // the Unix verbs: host is the path, one word
        if (strcmp(verb, "listen-unix") == 0 || strcmp(verb, "bind-unix") == 0) {
            listen_unix(id, host, strcmp(verb, "listen-unix") == 0);
            return;
        }
        if (strcmp(verb, "connect-unix") == 0) {
            if (in_child(id)) { // a listener whose backlog is full holds a connect up
                connect_unix(id, host);
                _exit(0);
            }
            return;
        }
    }
    if (verb == NULL || host == NULL || port == NULL || strtok_r(NULL, " ", &save) != NULL || !valid_port(port)) {
        failed(id, EINVAL, "malformed request");
        return;
    }
    if (strcmp(verb, "listen") == 0) {
        open_socket(id, host, port, AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV, EADDRNOTAVAIL, listen_on);
    } else if (strcmp(verb, "connect") == 0) {
        if (in_child(id)) { // name look-ups and connects may take seconds
            open_socket(id, host, port, AI_NUMERICSERV, EHOSTUNREACH, connect_to);
            _exit(0);
        }
    } else {
        failed(id, EINVAL, "unknown request");
    }
}

int main(void) {
    // children are never waited for: the kernel reaps them; a daemon gone must not kill us by SIGPIPE
    if (signal(SIGCHLD, SIG_IGN) == SIG_ERR || signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
        return 2;
    }
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(CONTROL, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_SEQPACKET) {
        fprintf(stderr, "termhost-net: descriptor 0 must be the daemon's SOCK_SEQPACKET socket\n");
        return 2;
    }
    char request[REQUEST_MAX + 1];
    while (1) {
        ssize_t n = recv(CONTROL, request, REQUEST_MAX, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n == 0 ? 0 : 1;
        }
        request[n] = '\0';
        if (memchr(request, '\0', (size_t)n) != NULL) {
            continue; // a NUL inside: not one of the daemon's requests
        }
        serve(request);
    }
}
