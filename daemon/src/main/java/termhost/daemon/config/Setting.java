package termhost.daemon.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One daemon setting, declared once in {@link SettingKeys}: everything the loader, {@code termhost
 * config} and the README's settings table need to know about it.
 *
 * @param key the name in {@code termhost.conf} and after {@code --set}
 * @param syntax how its value is written, parsed and shown
 * @param defaultText the value when neither the file nor the command line gives one, as it would be written
 * @param read where the value sits in {@link Settings}, so {@code termhost config} shows what the daemon uses
 * @param help what it means, in English; the README's "meaning" column
 */
public record Setting<T>(String key, Syntax<T> syntax, String defaultText, Function<Settings, T> read, String help) {
    public Setting {
        Objects.requireNonNull(key, "setting key not set");
        Objects.requireNonNull(syntax, key + ": syntax not set");
        Objects.requireNonNull(defaultText, key + ": default not set");
        Objects.requireNonNull(read, key + ": place in Settings not set");
        Objects.requireNonNull(help, key + ": help not set");
    }

    /** @throws IllegalArgumentException naming this key, the text and a valid example */
    public T parse(String text) {
        return syntax.parse(key, text);
    }

    /** The value in force, as {@code termhost config} prints it. */
    public String valueIn(Settings settings) {
        return syntax.format(read.apply(settings));
    }
}
