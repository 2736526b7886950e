package termhost.daemon.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pty-req's modes on a terminal's settings, as sshd's tty_parse_modes sets them. */
class TerminalModesTest {
    private static final int ICRNL = 0000400;
    private static final int IXON = 0002000;
    private static final int IUTF8 = 0040000;
    private static final int ISIG = 0000001;
    private static final int ICANON = 0000002;
    private static final int ECHO = 0000010;
    private static final int IEXTEN = 0100000;
    private static final int OPOST = 0000001;
    private static final int ONLCR = 0000004;
    private static final int CSIZE = 0000060;
    private static final int CS8 = 0000060;
    private static final int PARENB = 0000400;
    private static final int VINTR = 0;
    private static final int VERASE = 2;
    private static final int VEOL = 11;
    private static final int VWERASE = 14;

    /** The kernel's defaults for a new PTY (n_tty: icrnl ixon, opost onlcr, cs8, isig icanon echo iexten). */
    private static TerminalModes.Termios fresh() {
        byte[] cc = new byte[TerminalModes.Termios.NCCS];
        cc[VINTR] = 3;
        cc[VERASE] = 0177;
        cc[VWERASE] = 027;
        return new TerminalModes.Termios(ICRNL | IXON, OPOST | ONLCR, CS8, ISIG | ICANON | ECHO | IEXTEN, cc);
    }

    private static TerminalModes.Termios apply(Map<Integer, Integer> modes) {
        return TerminalModes.of(modes).applyTo(fresh());
    }

    @Test
    void charactersAreSetAndTheWiresDisabledValueDisablesOne() {
        TerminalModes.Termios t = apply(Map.of(1, 2, 3, 8, 13, 255, 6, 0));
        assertThat(t.cc()[VINTR]).isEqualTo((byte) 2);
        assertThat(t.cc()[VERASE]).isEqualTo((byte) 8);
        assertThat(t.cc()[VWERASE]).as("255 on the wire: disabled, which Linux writes 0").isZero();
        assertThat(t.cc()[VEOL]).isZero();
    }

    @Test
    void aFlagIsOnForAnyValueButZeroAndOffForZero() {
        // IXON 38 off, IUTF8 42 on, ECHO 53 off, ISIG 50 on with a value other than 1, ONLCR 72 off
        TerminalModes.Termios t = apply(Map.of(38, 0, 42, 1, 53, 0, 50, 7, 72, 0));
        assertThat(t.iflag()).isEqualTo(ICRNL | IUTF8);
        assertThat(t.lflag()).isEqualTo(ISIG | ICANON | IEXTEN);
        assertThat(t.oflag()).isEqualTo(OPOST);
        assertThat(t.cflag()).isEqualTo(CS8);
    }

    @Test
    void characterSizeAndParityAsAnOpenSshClientSendsThem() {
        // an OpenSSH client tests each of CS7 and CS8 as a bit mask: a cs8 terminal sends both as 1
        assertThat(apply(Map.of(90, 1, 91, 1)).cflag() & CSIZE).isEqualTo(CS8);
        assertThat(apply(Map.of(90, 0, 91, 0, 92, 1)).cflag()).isEqualTo(PARENB);
    }

    @Test
    void unknownOpcodesAndTheLineSpeedsChangeNothing() {
        TerminalModes.Termios before = fresh();
        // VDSUSP 11, VSTATUS 17, VFLUSH 15, an opcode no RFC defines, TTY_OP_ISPEED/OSPEED 128/129
        TerminalModes.Termios after = TerminalModes.of(Map.of(11, 25, 17, 20, 15, 15, 99, 1, 128, 38400,
                129, 38400)).applyTo(before);
        assertThat(after.iflag()).isEqualTo(before.iflag());
        assertThat(after.oflag()).isEqualTo(before.oflag());
        assertThat(after.cflag()).isEqualTo(before.cflag());
        assertThat(after.lflag()).isEqualTo(before.lflag());
        assertThat(after.cc()).isEqualTo(before.cc());
    }

    @Test
    void noModesIsTheSharedEmptyValue() {
        assertThat(TerminalModes.of(Map.of())).isSameAs(TerminalModes.NONE);
        assertThat(TerminalModes.NONE.isEmpty()).isTrue();
        assertThat(TerminalModes.of(Map.of(3, 8)).isEmpty()).isFalse();
    }
}
