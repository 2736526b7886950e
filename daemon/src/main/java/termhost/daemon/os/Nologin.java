package termhost.daemon.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host's "no logons now" files, as pam_nologin(8) reads them: {@code /run/nologin} (written by
 * shutdown(8) before a shutdown and by systemd while the system boots), then {@code /etc/nologin}
 * (written by administrators). While one exists, only root may log on; the others are shown its
 * text. OpenSSH without PAM reads {@code /etc/nologin} only; Debian's sshd reads both through PAM.
 * Thread-safe; the files are looked at on every call, as sshd does at every logon.
 */
public final class Nologin {
    /** What shadow-utils' login(1) says when the file is empty. */
    static final String EMPTY_FILE_TEXT = "System closed for routine maintenance\n";
    /** More than anyone writes into such a file, and small enough for one SSH packet. */
    static final int MAX_TEXT_BYTES = 8192;

    private final List<Path> files;

    public Nologin() {
        this(List.of(Path.of("/run/nologin"), Path.of("/etc/nologin")));
    }

    /** Other files (tests, other systems), the first that exists wins. */
    public Nologin(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** Which file bars logons, and what it says. */
    public record Notice(Path file, String text) {
    }

    /** The notice of the first file that exists, or empty when logons are open. */
    public Optional<Notice> current() {
        for (Path f : files) {
            // existence bars logons, as with sshd; a file we cannot read still does, with the default text
            if (Files.exists(f)) {
                return Optional.of(new Notice(f, textOf(f)));
            }
        }
        return Optional.empty();
    }

    private static String textOf(Path f) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(f)) {
            bytes = in.readNBytes(MAX_TEXT_BYTES);
        } catch (IOException e) {
            return EMPTY_FILE_TEXT;
        }
        // malformed UTF-8 becomes U+FFFD rather than failing the logon's answer
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return EMPTY_FILE_TEXT;
        }
        return text.endsWith("\n") ? text : text + "\n";
    }
}
