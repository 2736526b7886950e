package termhost.daemon.os;

import java.util.Map;
import java.util.TreeMap;

/**
 * The terminal modes an SSH client sends with its {@code pty-req} (RFC 4254 section 8: opcode and
 * value pairs, the state of the client's own terminal), to be given to a new PTY as sshd gives them
 * ({@code tty_parse_modes}): its erase, interrupt and other characters, and its input, output,
 * control and local flags. A client whose terminal erases with {@code ^H} then erases with it here
 * too, and tmux, reading its client's terminal, knows that key as Backspace.
 *
 * <p>Opcodes this host has no such mode for (VDSUSP, VSTATUS, VFLUSH) and unknown ones are skipped,
 * as sshd skips them; so are the line speeds, which a pseudo-terminal has no use for.
 */
public final class TerminalModes {
    /** No modes: the PTY keeps the kernel's defaults. */
    public static final TerminalModes NONE = new TerminalModes(Map.of());

    /** A character value meaning "disabled" on the wire; Linux disables a character with 0. */
    private static final int WIRE_DISABLED = 255;

    /** c_cc indices (asm-generic termbits: x86-64, arm64, riscv64) by opcode. */
    private static final Map<Integer, Integer> CHARACTERS = Map.ofEntries(Map.entry(1, 0), // VINTR
            Map.entry(2, 1), // VQUIT
            Map.entry(3, 2), // VERASE
            Map.entry(4, 3), // VKILL
            Map.entry(5, 4), // VEOF
            Map.entry(6, 11), // VEOL
            Map.entry(7, 16), // VEOL2
            Map.entry(8, 8), // VSTART
            Map.entry(9, 9), // VSTOP
            Map.entry(10, 10), // VSUSP
            Map.entry(12, 12), // VREPRINT
            Map.entry(13, 14), // VWERASE
            Map.entry(14, 15), // VLNEXT
            Map.entry(16, 7), // VSWTC
            Map.entry(18, 13)); // VDISCARD

    private static final Map<Integer, Integer> INPUT = Map.ofEntries(Map.entry(30, 0000004), // IGNPAR
            Map.entry(31, 0000010), // PARMRK
            Map.entry(32, 0000020), // INPCK
            Map.entry(33, 0000040), // ISTRIP
            Map.entry(34, 0000100), // INLCR
            Map.entry(35, 0000200), // IGNCR
            Map.entry(36, 0000400), // ICRNL
            Map.entry(37, 0001000), // IUCLC
            Map.entry(38, 0002000), // IXON
            Map.entry(39, 0004000), // IXANY
            Map.entry(40, 0010000), // IXOFF
            Map.entry(41, 0020000), // IMAXBEL
            Map.entry(42, 0040000)); // IUTF8 (RFC 8160)

    private static final Map<Integer, Integer> LOCAL = Map.ofEntries(Map.entry(50, 0000001), // ISIG
            Map.entry(51, 0000002), // ICANON
            Map.entry(52, 0000004), // XCASE
            Map.entry(53, 0000010), // ECHO
            Map.entry(54, 0000020), // ECHOE
            Map.entry(55, 0000040), // ECHOK
            Map.entry(56, 0000100), // ECHONL
            Map.entry(57, 0000200), // NOFLSH
            Map.entry(58, 0000400), // TOSTOP
            Map.entry(59, 0100000), // IEXTEN
            Map.entry(60, 0001000), // ECHOCTL
            Map.entry(61, 0004000), // ECHOKE
            Map.entry(62, 0040000)); // PENDIN

    private static final Map<Integer, Integer> OUTPUT = Map.ofEntries(Map.entry(70, 0000001), // OPOST
            Map.entry(71, 0000002), // OLCUC
            Map.entry(72, 0000004), // ONLCR
            Map.entry(73, 0000010), // OCRNL
            Map.entry(74, 0000020), // ONOCR
            Map.entry(75, 0000040)); // ONLRET

    private static final Map<Integer, Integer> CONTROL = Map.ofEntries(Map.entry(90, 0000040), // CS7
            Map.entry(91, 0000060), // CS8
            Map.entry(92, 0000400), // PARENB
            Map.entry(93, 0001000)); // PARODD

    /** Where the c_cc indices and flag bits above are this machine's. */
    static final boolean LAYOUT_KNOWN = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64", "aarch64", "riscv64" -> true;
        default -> false;
    };

    private final Map<Integer, Integer> modes;

    private TerminalModes(Map<Integer, Integer> modes) {
        this.modes = modes;
    }

    /** The modes of a {@code pty-req}: each opcode with its value, in the order applied (by opcode). */
    public static TerminalModes of(Map<Integer, Integer> opcodes) {
        return opcodes.isEmpty() ? NONE : new TerminalModes(new TreeMap<>(opcodes));
    }

    public boolean isEmpty() {
        return modes.isEmpty();
    }

    /** {@code t} with these modes set on it, as sshd sets them: a flag on when its value is not 0. */
    Termios applyTo(Termios t) {
        int iflag = t.iflag();
        int oflag = t.oflag();
        int cflag = t.cflag();
        int lflag = t.lflag();
        byte[] cc = t.cc().clone();
        for (Map.Entry<Integer, Integer> m : modes.entrySet()) {
            int op = m.getKey();
            int value = m.getValue();
            boolean on = value != 0;
            if (CHARACTERS.containsKey(op)) {
                cc[CHARACTERS.get(op)] = (byte) (value == WIRE_DISABLED ? 0 : value);
            } else if (INPUT.containsKey(op)) {
                iflag = set(iflag, INPUT.get(op), on);
            } else if (LOCAL.containsKey(op)) {
                lflag = set(lflag, LOCAL.get(op), on);
            } else if (OUTPUT.containsKey(op)) {
                oflag = set(oflag, OUTPUT.get(op), on);
            } else if (CONTROL.containsKey(op)) {
                cflag = set(cflag, CONTROL.get(op), on);
            }
        }
        return new Termios(iflag, oflag, cflag, lflag, cc);
    }

    private static int set(int flags, int bits, boolean on) {
        return on ? flags | bits : flags & ~bits;
    }

    @Override
    public String toString() {
        return "TerminalModes" + modes;
    }

    /**
     * glibc's {@code struct termios}, the part modes change: four flag words, then (after c_line)
     * the control characters.
     */
    record Termios(int iflag, int oflag, int cflag, int lflag, byte[] cc) {
        /** sizeof(glibc's struct termios), its two speed words at the end. */
        static final int SIZE = 60;
        private static final int CC_OFFSET = 17;
        static final int NCCS = 32;

        static Termios read(com.sun.jna.Pointer p) {
            return new Termios(p.getInt(0), p.getInt(4), p.getInt(8), p.getInt(12), p.getByteArray(CC_OFFSET, NCCS));
        }

        /** Writes this over the struct at {@code p}, leaving c_line and the speeds as they are. */
        void write(com.sun.jna.Pointer p) {
            p.setInt(0, iflag);
            p.setInt(4, oflag);
            p.setInt(8, cflag);
            p.setInt(12, lflag);
            p.write(CC_OFFSET, cc, 0, NCCS);
        }
    }
}
