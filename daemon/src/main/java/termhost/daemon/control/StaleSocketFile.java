package termhost.daemon.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Clears the way for binding a control socket: a socket file left by a crashed daemon is
 * removed, a live one is not.
 *
 * <p>Only a socket is ever deleted. The daemon runs as root, so a misconfigured path pointing at
 * a regular file must fail loudly rather than destroy that file. Between this check and bind
 * another daemon could still slip in; bind then fails with EADDRINUSE, which is also safe.
 */
final class StaleSocketFile {
    private StaleSocketFile() {
    }

    static void removeIfStale(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        // Sockets are neither regular files, directories nor links; the JDK calls that "other".
        if (!attrs.isOther()) {
            throw new IOException("control socket path " + path + " exists and is not a socket; not removing it");
        }
        if (isAnswering(path)) {
            throw new IOException("control socket " + path + " is in use: another termhost daemon is answering on it");
        }
        Files.deleteIfExists(path);
    }

    /** Connecting is the only reliable test: a socket file says nothing about its listener. */
    private static boolean isAnswering(Path path) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
