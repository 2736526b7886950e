package termhost.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import termhost.api.SessionState;
import termhost.api.op.SessionRow;

/** The layout of shared/reference/rds-commands.md §3, character for character. */
class SessionTableTest {
    private static final Messages EN = Messages.forLocale(Locale.ENGLISH);
    private static final Messages RU = Messages.forLocale(Locale.forLanguageTag("ru-RU"));

    private static final List<SessionRow> ROWS = List.of(
            row("0", "services", "", "disconnected", false),
            row("1", "console", "alice", "active", true),
            row("2", "ssh#2", "bob", "active", false),
            row("3", "", "carol", "disconnected", false),
            row("65536", "ssh", "", "listen", false));

    @Test
    void theTableMatchesTheWindowsReferenceLayout() {
        String expected = String.join(System.lineSeparator(),
                " SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE",
                " services                                    0  Disc",
                ">console           alice                     1  Active",
                " ssh#2             bob                       2  Active",
                "                   carol                     3  Disc",
                " ssh                                     65536  Listen") + System.lineSeparator();
        assertThat(SessionTable.format(ROWS, EN)).isEqualTo(expected);
    }

    @Test
    void aFarmsListingAddsTheServerColumnAfterTheWindowsOnesWhichStayInPlace() {
        List<SessionRow> rows = List.of(
                new SessionRow("host-a", 2, "", "bob", SessionState.ACTIVE, false, null, null, null, "", null, null),
                new SessionRow("host-b", 2, "", "carol", SessionState.DOWN, true, null, null, null, "", null, null));
        String expected = String.join(System.lineSeparator(),
                " SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE      SERVER",
                "                   bob                       2  Active                          host-a",
                ">                  carol                     2  Down                            host-b")
                + System.lineSeparator();

        assertThat(SessionTable.format(rows, EN, true)).isEqualTo(expected);
        assertThat(SessionTable.format(rows, RU, true).lines().findFirst().orElseThrow()).endsWith("СЕРВЕР");
        assertThat(SessionTable.format(rows, EN, false)).doesNotContain("SERVER").doesNotContain("host-a");
    }

    @Test
    void columnsStartWhereTheReferenceSays() {
        List<String> lines = SessionTable.format(ROWS, EN).lines().toList();
        String header = lines.get(0);
        assertThat(header.indexOf("SESSIONNAME")).isEqualTo(1);
        assertThat(header.indexOf("USERNAME")).isEqualTo(19);
        assertThat(header.indexOf("ID") + 1).isEqualTo(45);
        assertThat(header.indexOf("STATE")).isEqualTo(48);
        assertThat(header.indexOf("TYPE")).isEqualTo(56);
        assertThat(header.indexOf("DEVICE")).isEqualTo(68);
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.charAt(45)).as(line).isNotEqualTo(' '); // IDs end at column 45
            assertThat(line.charAt(46)).as(line).isEqualTo(' ');
            assertThat(line.charAt(48)).as(line).isNotEqualTo(' ');
        }
        assertThat(lines.get(2).charAt(0)).isEqualTo('>');
        assertThat(lines).filteredOn(l -> l.startsWith(">")).hasSize(1);
    }

    @Test
    void longNamesAreCutSoTheColumnsStayInPlace() {
        String line = SessionTable.format(List.of(row("12", "n".repeat(30), "u".repeat(40), "active", false)), EN)
                .lines().toList().get(1);
        assertThat(line.substring(1, 19)).isEqualTo("n".repeat(17) + " ");
        assertThat(line.substring(19, 41)).isEqualTo("u".repeat(21) + " ");
        assertThat(line.substring(41, 46)).isEqualTo("   12");
        assertThat(line.substring(48)).isEqualTo("Active");
    }

    @Test
    void russianHeadersAndStatesSitInTheSameColumns() {
        List<String> lines = SessionTable.format(ROWS, RU).lines().toList();
        String header = lines.get(0);
        assertThat(header.indexOf("ИМЯ_СЕАНСА")).isEqualTo(1);
        assertThat(header.indexOf("ИМЯ_ПОЛЬЗОВАТЕЛЯ")).isEqualTo(19);
        assertThat(header.indexOf("ИД") + 1).isEqualTo(45);
        assertThat(header.indexOf("СОСТОЯНИЕ")).isEqualTo(48);
        // СОСТОЯНИЕ is wider than its column: the next header moves right but never touches it
        assertThat(header.split(" +")).containsExactly("", "ИМЯ_СЕАНСА", "ИМЯ_ПОЛЬЗОВАТЕЛЯ", "ИД", "СОСТОЯНИЕ",
                "ТИП", "УСТРОЙСТВО");
        assertThat(lines.get(1).substring(48)).isEqualTo("Разъедин");
        assertThat(lines.get(2).substring(48)).isEqualTo("Активный");
        assertThat(lines.get(5).substring(48)).isEqualTo("Прослуш");
    }

    @Test
    void everyStateHasAPrintedNameInBothLanguages() {
        for (SessionState s : SessionState.values()) {
            for (Messages m : List.of(EN, RU)) {
                assertThat(m.get(SessionTable.stateKey(s))).as(s + " in " + m.locale()).isNotBlank()
                        .isNotEqualTo(SessionTable.stateKey(s).key());
            }
        }
    }

    private static SessionRow row(String id, String name, String user, String state, boolean current) {
        return new SessionRow("host", Integer.parseInt(id), name, user, SessionState.fromWireName(state), current,
                null, null, null, null, null, null);
    }
}
