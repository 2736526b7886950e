package termhost.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One entry read from the text is what {@link Properties} reads from the whole file. */
class PropertiesTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"/termhost/cli/messages.properties", "/termhost/cli/messages_ru.properties"})
    void everyEntryOfTheBundlesReadsAsPropertiesReadsIt(String bundle) throws IOException {
        String text;
        try (InputStream in = PropertiesTextTest.class.getResourceAsStream(bundle)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Properties all = parse(text);
        assertThat(all).isNotEmpty();
        PropertiesText read = new PropertiesText(text);
        for (String key : all.stringPropertyNames()) {
            assertThat(read.get(key)).as(key).isEqualTo(all.getProperty(key));
        }
    }

    @Test
    void keysInsideValuesCommentsAndLongerKeysAreNotEntries() throws IOException {
        String text = "# a.b=in a comment \\\n"
                + "a.b.c = longer key\n"
                + "x=first line \\\n"
                + "  a.b=in a continued value\\\\\n"
                + "a.b : the entry \\\n"
                + "   continued, \\u0444 escaped\n"
                + "! comment ending in a backslash \\\n"
                + "  tail=after a comment\r\n"
                + "y=a value ending \\\r\n"
                + "  tail2=in a CRLF continuation\n"
                + "last";
        PropertiesText read = new PropertiesText(text);
        Properties all = parse(text);
        for (String key : new String[] {"a.b", "a.b.c", "x", "tail", "y", "last"}) {
            assertThat(read.get(key)).as(key).isEqualTo(all.getProperty(key));
        }
        assertThat(read.get("a.b")).isEqualTo("the entry continued, ф escaped");
        assertThat(read.get("tail2")).isNull();
        assertThat(read.get("a")).isNull();
        assertThat(new PropertiesText("").get("a")).isNull();
    }

    private static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
