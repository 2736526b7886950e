/*
 * The commands' calls on the daemon's control socket, for termhost.cli.transport.NativeSocket.
 *
 * A JVM's first Unix socket costs a command about 20 ms before it connects: the JDK's socket classes
 * look up a SelectorProvider service and make a SecureRandom (for names of sockets bound without
 * one), which loads the security providers. A command that lasts 40 ms spent a third of its time
 * there. These four calls are all a command needs: connect, read, write, close, on a blocking
 * socket; errors come back as -errno, worded by describe().
 */
#include <jni.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* what one call moves at most: on the stack, so the Java array is copied, never pinned */
#define CHUNK 16384

JNIEXPORT jint JNICALL Java_termhost_cli_transport_NativeSocket_connect(JNIEnv *env, jclass cls, jbyteArray path) {
    (void) cls;
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    jsize n = (*env)->GetArrayLength(env, path);
    if (n <= 0 || (size_t) n >= sizeof addr.sun_path) {
        return -ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *) addr.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    int r;
    do {
        r = connect(fd, (struct sockaddr *) &addr, sizeof addr);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_termhost_cli_transport_NativeSocket_read(JNIEnv *env, jclass cls, jint fd, jbyteArray b,
        jint off, jint len) {
    (void) cls;
    char buf[CHUNK];
    ssize_t n;
    do {
        n = read(fd, buf, len < CHUNK ? (size_t) len : CHUNK);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    (*env)->SetByteArrayRegion(env, b, off, (jsize) n, (jbyte *) buf);
    return (jint) n;
}

JNIEXPORT jint JNICALL Java_termhost_cli_transport_NativeSocket_write(JNIEnv *env, jclass cls, jint fd, jbyteArray b,
        jint off, jint len) {
    (void) cls;
    char buf[CHUNK];
    jint count = len < CHUNK ? len : CHUNK;
    (*env)->GetByteArrayRegion(env, b, off, count, (jbyte *) buf);
    ssize_t n;
    do {
        /* a daemon gone mid-request is an error to report, not a SIGPIPE */
        n = send(fd, buf, (size_t) count, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : (jint) n;
}

JNIEXPORT void JNICALL Java_termhost_cli_transport_NativeSocket_close(JNIEnv *env, jclass cls, jint fd) {
    (void) env;
    (void) cls;
    close(fd);
}

JNIEXPORT jstring JNICALL Java_termhost_cli_transport_NativeSocket_describe(JNIEnv *env, jclass cls, jint error) {
    (void) cls;
    return (*env)->NewStringUTF(env, strerror(error));
}
