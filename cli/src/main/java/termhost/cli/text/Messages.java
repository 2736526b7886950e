package termhost.cli.text;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import termhost.api.MessageKey;

/**
 * The commands' words in English or Russian. The language comes from {@code LC_ALL}, then
 * {@code LC_MESSAGES}, then {@code LANG}, as gettext chooses it; anything not Russian is English.
 */
public final class Messages {
    /** The English texts; {@code messages_ru.properties} beside it the Russian ones. */
    private static final String BUNDLE = "/termhost/cli/messages";

    private final Locale locale;
    /**
     * Where a text is looked for: the language's file, then the English one, as
     * {@code ResourceBundle} chose them. Each is read at the first word needed from it (a command
     * that succeeds silently reads none), and not through {@code ResourceBundle}, which cost a
     * command's start 11-14 ms (see {@link PropertiesText}).
     */
    private final String[] files;
    private final PropertiesText[] read;

    private Messages(Locale locale) {
        this.locale = locale;
        this.files = isRussian() ? new String[] {BUNDLE + "_ru.properties", BUNDLE + ".properties"}
                : new String[] {BUNDLE + ".properties"};
        this.read = new PropertiesText[files.length];
    }

    /** The {@code i}th file of {@link #files}; an empty text when there is no such file. */
    private synchronized PropertiesText bundle(int i) {
        if (read[i] == null) {
            PropertiesText text = PropertiesText.resource(Messages.class, files[i]);
            read[i] = text != null ? text : new PropertiesText("");
        }
        return read[i];
    }

    public static Messages forLocale(Locale locale) {
        return new Messages("ru".equals(locale.getLanguage()) ? Locale.forLanguageTag("ru") : Locale.ROOT);
    }

    public static Messages fromEnvironment(Map<String, String> env) {
        return forLocale(localeFromEnvironment(env));
    }

    /** The POSIX locale that gettext would use for messages, as a Java locale. */
    public static Locale localeFromEnvironment(Map<String, String> env) {
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = env.get(var);
            if (value != null && !value.isEmpty()) {
                return posixToLocale(value);
            }
        }
        return Locale.ROOT;
    }

    static Locale posixToLocale(String posix) {
        String tag = posix;
        int cut = indexOfAny(tag, ".@");
        if (cut >= 0) {
            tag = tag.substring(0, cut);
        }
        if (tag.equals("C") || tag.equals("POSIX") || tag.isEmpty()) {
            return Locale.ROOT;
        }
        return Locale.forLanguageTag(tag.replace('_', '-'));
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    public Locale locale() {
        return locale;
    }

    public boolean isRussian() {
        return "ru".equals(locale.getLanguage());
    }

    /** The text for {@code key} with {@code args} put in. */
    public String get(MessageKey key, Object... args) {
        return text(key.key(), args);
    }

    /** A missing pattern shows its key, never fails (MessageKeysTest keeps every key in both bundles). */
    String text(String key, Object... args) {
        for (int i = 0; i < files.length; i++) {
            String pattern = bundle(i).get(key);
            if (pattern != null) {
                return new MessageFormat(pattern, locale).format(args);
            }
        }
        return args.length == 0 ? key : key + " " + String.join(" ", java.util.Arrays.stream(args)
                .map(String::valueOf).toList());
    }
}
