package termhost.man;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** man finds the pages of the written tree by name, in the language asked for, aliases included. */
class ManLookupTest {
    @TempDir
    Path tmp;

    private Tool.Result man(Path tree, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("man"));
        cmd.addAll(List.of(args));
        // LANGUAGE and LC_* unset as far as man cares: only -L chooses the language
        return Tool.run(cmd, Map.of("MANPATH", tree.toString(), "MANWIDTH", "80", "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8", "LANGUAGE", "", "MANPAGER", "cat", "PAGER", "cat"));
    }

    @Test
    void manDashLRuFindsTheRussianPageAndPlainManTheEnglishOne() throws Exception {
        assumeTrue(Tool.installed("man"), "man is not installed (scripts/install-deps --test installs man-db)");
        Path tree = tmp.resolve("share/man");
        ManPages.write(tree);

        assertThat(man(tree, "-w", "-L", "ru", "logoff").out().strip()).isEqualTo(tree.resolve("ru/man1/logoff.1")
                .toString());
        assertThat(man(tree, "-w", "logoff").out().strip()).isEqualTo(tree.resolve("man1/logoff.1").toString());

        Tool.Result ru = man(tree, "-L", "ru", "logoff");
        assertThat(ru.exit()).as(ru.err()).isZero();
        assertThat(ru.out()).contains("НАЗВАНИЕ").contains("Завершает работу пользователя в сеансе на сервере termhost");
        // an alias shows the page it names, in the language asked for
        Tool.Result alias = man(tree, "-L", "ru", "qwinsta");
        assertThat(alias.exit()).as(alias.err()).isZero();
        assertThat(alias.out()).contains("QUERY(1)").contains("Показывает сведения о сеансах на сервере termhost.");
        Tool.Result conf = man(tree, "5", "termhost.conf");
        assertThat(conf.out()).contains("logoff.grace-period").contains("Default: 3s");
    }
}
