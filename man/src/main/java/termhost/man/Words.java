package termhost.man;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The few words a manual page has that {@code /?} has not: section headings, the summary of a page
 * that covers several commands, the text of termhost.conf(5). English and Russian, as the commands'
 * own messages are; {@code ConfPageTest} keeps both bundles to the same keys.
 */
final class Words {
    private final ResourceBundle bundle;
    private final Locale locale;

    private Words(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("termhost.man.words", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static Words of(Locale locale) {
        return new Words(locale);
    }

    Locale locale() {
        return locale;
    }

    String get(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
