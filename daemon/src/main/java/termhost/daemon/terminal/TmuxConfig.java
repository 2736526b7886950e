package termhost.daemon.terminal;

/**
 * The configuration of a session's private tmux server. It makes tmux invisible: no status bar, no
 * prefix key, no key bindings of its own, the outer terminal's own scrollback kept (no alternate
 * screen), escape sequences passed at once. The user's own tmux works inside because the shell
 * is started without {@code TMUX} (see {@link TmuxTerminal}) and uses its own default socket.
 */
final class TmuxConfig {
    private TmuxConfig() {
    }

    static String render(String term) {
        return String.join("\n",
                "set -g status off",
                "set -g prefix None",
                "set -g prefix2 None",
                "unbind-key -a -T prefix",
                "unbind-key -a -T root",
                "unbind-key -a -T copy-mode",
                "unbind-key -a -T copy-mode-vi",
                "set -g mouse off",
                "set -s escape-time 0",
                "set -g set-titles off",
                "set -g allow-rename off",
                "set -g destroy-unattached off",
                "set -g exit-empty on",
                "set -g exit-unattached off",
                "set -g remain-on-exit off",
                "set -g visual-bell off",
                "set -g bell-action none",
                "set -g history-limit 10000",
                "set -g window-size latest",
                "set -g default-terminal '" + term.replace("'", "") + "'",
                // keep the client terminal's scrollback: never switch it to the alternate screen
                "set -ga terminal-overrides ',*:smcup@:rmcup@'",
                "") ;
    }
}
