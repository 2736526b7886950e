package termhost.daemon.admin;

import java.util.ArrayList;
import java.util.List;
import termhost.api.op.ConfigReply;
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

    ConfigReply handle() {
        List<ConfigReply.Setting> rows = new ArrayList<>();
        for (Setting<?> s : SettingKeys.ALL) {
            rows.add(new ConfigReply.Setting(s.key(), s.valueIn(settings),
                    settings.sources().getOrDefault(s.key(), "default")));
        }
        rows.add(new ConfigReply.Setting("config.file", settings.layout().configFile().toString(), "layout"));
        rows.add(new ConfigReply.Setting("state.dir", settings.layout().stateDir().toString(), "layout"));
        rows.add(new ConfigReply.Setting("containment", containment, "detected"));
        return new ConfigReply(rows);
    }
}
