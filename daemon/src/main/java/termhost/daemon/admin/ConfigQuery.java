package termhost.daemon.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import termhost.api.wire.Message;
import termhost.daemon.config.Setting;
import termhost.daemon.config.SettingKeys;
import termhost.daemon.config.Settings;

/**
 * {@code termhost config}: every setting in force, with where it came from (default, the config
 * file, the command line), so a setting silently not applied shows (failure mode F14). Anyone may
 * read it: it holds no secret.
 */
public final class ConfigQuery {
    private final Settings settings;
    private final String containment;

    public ConfigQuery(Settings settings, String containment) {
        this.settings = settings;
        this.containment = containment;
    }

    Message handle() {
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        for (Setting<?> s : SettingKeys.ALL) {
            rows.add(row(s.key(), s.valueIn(settings), settings.sources().getOrDefault(s.key(), "default")));
        }
        rows.add(row("config.file", settings.layout().configFile().toString(), "layout"));
        rows.add(row("state.dir", settings.layout().stateDir().toString(), "layout"));
        rows.add(row("containment", containment, "detected"));
        return Message.builder(Message.RESULT).rows(rows).build();
    }

    private static Map<String, String> row(String key, String value, String source) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("key", key);
        r.put("value", value);
        r.put("source", source);
        return r;
    }
}
