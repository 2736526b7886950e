package termhost.daemon.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The farm's host keys, pinned at enrolment in a root-owned file on every host
 * ({@code farm.pinned-keys}, known_hosts format: {@code name[,name...] key-type base64 [comment]}).
 * The file, not the directory, is the authority: a leaked database password must not be enough to
 * enrol a host (reference/farm.md §5). A key is compared by its type and base64 blob, as OpenSSH's
 * known_hosts lines carry it; hashed names ({@code |1|}), markers ({@code @cert-authority},
 * {@code @revoked}) and patterns are not taken: a line with one is reported and skipped, never
 * half-read.
 */
public final class PinnedKeys {
    /** One pinned key: the farm host names it stands for, and the key as {@code type base64}. */
    public record Entry(List<String> names, String keyType, String key) {
        public boolean names(String host) {
            return names.stream().anyMatch(n -> n.equalsIgnoreCase(host));
        }
    }

    private final List<Entry> entries;
    private final List<String> skipped;

    private PinnedKeys(List<Entry> entries, List<String> skipped) {
        this.entries = List.copyOf(entries);
        this.skipped = List.copyOf(skipped);
    }

    /** The lines of a file, parsed; {@link #skipped} says which lines were not taken and why. */
    public static PinnedKeys parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            String why = f.length < 3 ? "expected: name key-type base64"
                    : f[0].startsWith("@") ? "markers (" + f[0] + ") are not taken"
                    : f[0].startsWith("|") ? "hashed names are not taken"
                    : f[0].matches(".*[*?!\\[\\]].*") ? "patterns are not taken"
                    : !f[2].matches("[A-Za-z0-9+/]+={0,2}") ? "the key is not base64" : null;
            if (why != null) {
                skipped.add("line " + (i + 1) + ": " + why);
                continue;
            }
            entries.add(new Entry(List.of(f[0].toLowerCase(Locale.ROOT).split(",")), f[1], f[2]));
        }
        return new PinnedKeys(entries, skipped);
    }

    /**
     * Reads {@code file}, which must be a regular file owned by root and writable by nobody else
     * (as sshd's StrictModes asks of its own files): throws, saying why, otherwise.
     */
    public static PinnedKeys read(Path file) throws IOException {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(file + " is not a regular file");
        }
        if (!a.owner().getName().equals("root")) {
            throw new IOException(file + " is owned by " + a.owner().getName() + ", not root");
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(file + " is writable by others than root");
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** The host names pinned to {@code keyType base64}; empty when the key is not pinned. */
    public List<String> hostsOf(String keyType, String key) {
        return entries.stream().filter(e -> e.keyType().equals(keyType) && e.key().equals(key))
                .flatMap(e -> e.names().stream()).distinct().toList();
    }

    /** Whether {@code keyType base64} is pinned for {@code host}. */
    public boolean pinned(String host, String keyType, String key) {
        return entries.stream().anyMatch(e -> e.names(host) && e.keyType().equals(keyType) && e.key().equals(key));
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<String> skipped() {
        return skipped;
    }
}
