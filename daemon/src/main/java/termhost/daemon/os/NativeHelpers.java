package termhost.daemon.os;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the daemon's native helpers are (daemon/src/main/c, compiled by scripts/build-native): the
 * directory named by the system property {@value #PROPERTY}; else {@code native} beside the
 * daemon's jar or classes, as a checkout's build leaves them (daemon/target/native); else
 * {@code /usr/lib/termhost}, where the package installs them.
 */
public final class NativeHelpers {
    public static final String PROPERTY = "termhost.native";
    private static final Path INSTALLED = Path.of("/usr/lib/termhost");

    private final Path dir;

    public NativeHelpers(Path dir) {
        this.dir = dir;
    }

    /** The helpers of this daemon's build, or of the installed package. */
    public static NativeHelpers located() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new NativeHelpers(Path.of(configured));
        }
        return new NativeHelpers(besideTheCode().filter(Files::isDirectory).orElse(INSTALLED));
    }

    /** The helper named {@code name}, if it is there and executable. */
    public Optional<Path> find(String name) {
        Path helper = dir.resolve(name);
        return Files.isRegularFile(helper) && Files.isExecutable(helper) ? Optional.of(helper) : Optional.empty();
    }

    /** The directory looked in, for messages that say a helper is missing. */
    public Path directory() {
        return dir;
    }

    private static Optional<Path> besideTheCode() {
        try {
            var source = NativeHelpers.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path code = Path.of(source.getLocation().toURI());
            return Optional.ofNullable(code.getParent()).map(parent -> parent.resolve("native"));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
