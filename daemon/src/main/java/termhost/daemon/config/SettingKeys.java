package termhost.daemon.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import termhost.daemon.policy.Redirections;

/**
 * Every daemon setting, each declared once: key, syntax, default, where {@link Settings} holds it,
 * and meaning. The order here is the order of {@code termhost config} and of the README's table
 * (which {@code SettingsTableTest} checks against this list).
 *
 * <p>To add a setting: declare it here, give {@link Settings} the field and {@link SettingsLoader}
 * the line that fills it ({@code SettingKeysTest} finds a value that lands in the wrong field).
 */
public final class SettingKeys {
    // filled by declare() as the class initialises, in the order of the text (JLS 12.4.2), as an enum is
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<HostPort> LISTEN = declare("listen", Syntax.HOST_PORT, "127.0.0.1:2222",
            s -> new HostPort(s.listenHost(), s.listenPort()),
            "SSH address; an IPv6 host in brackets (`[::1]:2222`)");
    public static final Setting<Duration> GRACE_PERIOD = declare("logoff.grace-period", Syntax.DURATION, "3s",
            Settings::gracePeriod,
            "time between SIGHUP/SIGTERM and `cgroup.kill` at logoff");
    public static final Setting<Duration> KEEPALIVE_INTERVAL = declare("keepalive.interval", Syntax.DURATION,
            "5s", Settings::keepAliveInterval,
            "time between keep-alive requests to a client");
    public static final Setting<Integer> KEEPALIVE_COUNT = declare("keepalive.count-max", Syntax.WHOLE_NUMBER,
            "2", Settings::keepAliveCountMax,
            "unanswered keep-alives in a row that close the connection: a client gone silent is disconnected"
                    + " after interval × (count-max + 1)");
    public static final Setting<Boolean> MULTIPLE_SESSIONS = declare("sessions.multiple-per-user",
            Syntax.BOOLEAN, "false", Settings::multipleSessionsPerUser,
            "`false`: one session per user, every logon reconnects to it; `true`: reconnect the most recently"
                    + " disconnected one, else make a new one");
    public static final Setting<String> CGROUP_NAME = declare("cgroup.name", Syntax.TEXT, "",
            Settings::cgroupName,
            "the cgroup folder holding this daemon's sessions; empty: `termhost-` and a hash of the state dir,"
                    + " so daemons side by side never share one. Unused under systemd: the service's delegated"
                    + " cgroup holds them");
    public static final Setting<MaxStartups> MAX_STARTUPS = declare("ssh.max-startups", Syntax.MAX_STARTUPS,
            "200:30:1000", Settings::maxStartups,
            "as sshd's MaxStartups: connections waiting to log on beyond which new ones are refused, at random"
                    + " from `start` (`rate` %, rising to all at `full`); higher than sshd's 10:30:100 because a"
                    + " waiting handshake costs a queue slot here, not a process");
    public static final Setting<Integer> LOGON_MAX_FAILURES = declare("logon.max-failures-per-minute",
            Syntax.WHOLE_NUMBER, "10", Settings::logonMaxFailuresPerMinute,
            "refused logons from one address before it is refused outright for a minute");
    public static final Setting<Duration> LIMIT_DISCONNECTED = declare("limits.disconnected", Syntax.DURATION,
            "0", s -> s.limits().disconnected(),
            "RDS time limit: how long a disconnected session stays before it is logged off (e.g. `30m`, `8h`;"
                    + " `0`: none)");
    public static final Setting<Duration> LIMIT_IDLE = declare("limits.idle", Syntax.DURATION, "0",
            s -> s.limits().idle(),
            "RDS time limit: how long a session may go without user input before it is disconnected (`0`: none)");
    public static final Setting<Duration> LIMIT_ACTIVE = declare("limits.active", Syntax.DURATION, "0",
            s -> s.limits().active(),
            "RDS time limit: how long a session may stay connected before it is disconnected (`0`: none)");
    public static final Setting<Boolean> LIMIT_END_SESSION = declare("limits.end-session", Syntax.BOOLEAN,
            "false", s -> s.limits().endSession(),
            "at the idle/active limit log off instead of disconnecting");
    public static final Setting<Duration> LIMIT_WARNING = declare("limits.warning", Syntax.DURATION, "2m",
            s -> s.limits().warning(),
            "the user is warned with a message this long before a limit");
    public static final Setting<Boolean> RECONNECT_SAME_CLIENT = declare("reconnect.same-client-only",
            Syntax.BOOLEAN, "false", Settings::reconnectSameClientOnly,
            "offer a disconnected session only to the client host it was last used from");
    public static final Setting<Integer> MAX_PROCESSES = declare("session.max-processes", Syntax.WHOLE_NUMBER,
            "0", s -> Math.toIntExact(s.caps().maxProcesses()),
            "per-session cap on processes, against fork loops (e.g. `512`; `0`: none)");
    public static final Setting<Long> MAX_MEMORY = declare("session.max-memory", Syntax.SIZE, "0",
            s -> s.caps().memoryBytes(),
            "per-session cap on memory, against memory hogs (e.g. `512M`, `2G`; `0`: none)");
    // the SSH lists: what SshAlgorithms says, where each name is checked against what MINA runs
    public static final Setting<String> SSH_CIPHERS = declare("ssh.ciphers", Syntax.TEXT,
            "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr", Settings::sshCiphers,
            "the SSH ciphers offered; the client takes the first of its own list that is here. OpenSSH's"
                    + " defaults less `chacha20-poly1305@openssh.com`, which clients prefer and which runs at half"
                    + " of sshd's speed here; without the `-ctr` ones paramiko 2.x and Dropbear cannot connect");
    public static final Setting<String> SSH_MACS = declare("ssh.macs", Syntax.TEXT,
            "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha2-256,"
                    + "hmac-sha2-512,hmac-sha1",
            Settings::sshMacs,
            "the SSH MACs offered (for the `-ctr` ciphers; AES-GCM carries its own): OpenSSH's defaults less"
                    + " the UMACs");
    public static final Setting<String> SSH_KEX = declare("ssh.kex-algorithms", Syntax.TEXT,
            "mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,"
                    + "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                    + "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
                    + "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
            Settings::sshKexAlgorithms,
            "the SSH key exchanges offered: OpenSSH 9.9's defaults");
    public static final Setting<Optional<Path>> BANNER = declare("logon.banner", Syntax.FILE, "",
            Settings::banner,
            "a file whose text clients show before they authenticate (the SSH userauth banner, as OpenSSH's"
                    + " `Banner`), read at each connection; empty: none");
    public static final Setting<List<Path>> MOTD = declare("logon.motd", Syntax.FILES, "/run/motd.dynamic:/etc/motd",
            Settings::motd,
            "the message of the day: files shown in this order when a new interactive session starts, as Debian's"
                    + " sshd shows them (pam_motd); not at a reconnect, not to commands, not with `~/.hushlogin`;"
                    + " empty: none");
    public static final Setting<Optional<Path>> UTMP = declare("records.utmp", Syntax.FILE, "/var/run/utmp",
            Settings::utmp,
            "who is logged on now, for `who` and `w`: an entry per attached connection (on its tmux client's"
                    + " terminal) and per `ssh -t` command; empty: none");
    public static final Setting<Optional<Path>> WTMP = declare("records.wtmp", Syntax.FILE, "/var/log/wtmp",
            Settings::wtmp,
            "every such logon and its logout, for `last`; empty: none");
    public static final Setting<Optional<Path>> LASTLOG = declare("records.lastlog", Syntax.FILE, "/var/log/lastlog",
            Settings::lastlog,
            "each user's last logon, for `lastlog` and the \"Last login:\" line of a new session; empty: none");

    public static final Setting<AuthMethods> AUTH_METHODS = declare("auth.methods", Syntax.AUTH_METHODS,
            "publickey password", Settings::authMethods,
            "how users log on, as OpenSSH's `AuthenticationMethods`: lists separated by spaces, any one of which"
                    + " suffices; methods in a list separated by commas, each needed in turn (`publickey,keyboard-interactive`:"
                    + " a key, then PAM's questions such as a one-time code). Methods: `publickey`, `password`,"
                    + " `keyboard-interactive` (the last two through PAM; root logs on by key only)");
    public static final Setting<String> PAM_SERVICE = declare("pam.service", Syntax.FILE_NAME, "termhost",
            Settings::pamService,
            "the PAM service (`/etc/pam.d/NAME`) of every logon: its account stack for keys too, its auth stack for"
                    + " passwords; termhost installs `/etc/pam.d/termhost` when it is missing and never changes it after");
    public static final Setting<Optional<Path>> TRUSTED_USER_CA_KEYS = declare("auth.trusted-user-ca-keys",
            Syntax.FILE, "", Settings::trustedUserCaKeys,
            "a file of CA public keys, one a line, as OpenSSH's `TrustedUserCAKeys`: an OpenSSH user certificate"
                    + " signed by one of them logs on when it is valid now and names the account among its principals"
                    + " (its `force-command`, `source-address` and `permit-*` apply); read at each logon. Empty:"
                    + " certificates are refused");
    // RDS device redirection (reference/ssh-host.md §5): each is ANDed with the Virtual Channels right
    // and the options of the logon's key, once per connection
    public static final Setting<Boolean> REDIRECT_ALL = declare("redirect.all", Syntax.BOOLEAN, "true",
            s -> s.redirect().all(),
            "`false`: no redirection at all, whatever the other `redirect.*` settings say (as OpenSSH's"
                    + " `DisableForwarding`); `true`: each of them decides. A user or group denied the"
                    + " `VirtualChannels` right gets none either");
    public static final Setting<Redirections.Files> REDIRECT_FILES = declare("redirect.files",
            Syntax.FILE_REDIRECTION, "on", s -> s.redirect().files(),
            "file transfer over SFTP (`sftp`, `scp`, `pscp`, `psftp`): `on`; `read-only` (OpenSSH's `sftp-server"
                    + " -R`); `off`: the `sftp` subsystem is refused. `scp -O` and `rsync` run as commands in the user's"
                    + " shell and are not affected, as with sshd");
    public static final Setting<Redirections.Ports> REDIRECT_PORTS = declare("redirect.ports",
            Syntax.PORT_REDIRECTION, "local", s -> s.redirect().ports(),
            "TCP and Unix-socket forwarding: `off`; `local`: `ssh -L`, `-D` and `-W` (the host connects out for the"
                    + " client); `all`: `-R` too (the host listens for the client), as OpenSSH's `AllowTcpForwarding`"
                    + " and `AllowStreamLocalForwarding`");
    public static final Setting<Boolean> REDIRECT_AGENT = declare("redirect.agent", Syntax.BOOLEAN, "true",
            s -> s.redirect().agent(),
            "SSH agent forwarding (`ssh -A`), as OpenSSH's `AllowAgentForwarding`");
    public static final Setting<Optional<String>> FARM_URL = declare("farm.url", Syntax.JDBC_URL, "",
            s -> s.farm().url(),
            "the farm's directory: a PostgreSQL JDBC URL, which may list several hosts for failover"
                    + " (`jdbc:postgresql://pg1,pg2/termhost`, with `user=` and `password=` parameters);"
                    + " shown with its password hidden. Empty: no farm, this host alone");
    public static final Setting<String> FARM_NAME = declare("farm.name", Syntax.TEXT, "farm", s -> s.farm().name(),
            "the farm's name, which `query session /server:NAME` lists whole: the DNS name clients use for the"
                    + " farm, the same on every host of it");
    public static final Setting<String> FARM_HOST = declare("farm.host", Syntax.TEXT, "", s -> s.farm().host(),
            "this host's name in the farm, its SERVER column; empty: the machine's host name");
    public static final Setting<Integer> FARM_WEIGHT = declare("farm.weight", Syntax.WHOLE_NUMBER, "100",
            s -> s.farm().weight(),
            "this host's weight in the farm, 1 to 10000, relative as the RD Connection Broker's: 200 takes twice the"
                    + " sessions of 100");
    public static final Setting<Duration> FARM_LEASE = declare("farm.lease", Syntax.DURATION, "15s",
            s -> s.farm().lease(),
            "how long the directory keeps this host up without a heartbeat (on the database's clock); after it,"
                    + " any host marks it lost and its sessions show `Down`");
    public static final Setting<Duration> FARM_HEARTBEAT = declare("farm.heartbeat", Syntax.DURATION, "5s",
            s -> s.farm().heartbeat(),
            "how often this host renews its lease and marks hosts past theirs lost; shorter than `farm.lease`");
    public static final Setting<Boolean> FARM_DIRECTORY_REQUIRED = declare("farm.directory-required", Syntax.BOOLEAN,
            "false", s -> s.farm().directoryRequired(),
            "`true`: while the farm's directory cannot be reached (or before this host has registered in it), new"
                    + " sessions are refused; reconnects and running sessions go on. `false`: new sessions go on and"
                    + " are published when it returns");
    public static final Setting<Duration> FARM_COMMAND_RETENTION = declare("farm.command-retention", Syntax.DURATION,
            "24h", s -> s.farm().commandRetention(),
            "how long an answered command for another host (`logoff HOST:ID`, `change logon /server:HOST`...) stays"
                    + " in the farm's command table; older ones are deleted by the heartbeat, at most once a minute");
    public static final Setting<Duration> FARM_AUDIT_RETENTION = declare("farm.audit-retention", Syntax.DURATION,
            "90d", s -> s.farm().auditRetention(),
            "how long the farm's directory keeps its copy of the hosts' audit records (each host keeps its own"
                    + " audit log whole); older ones are deleted by the heartbeat, at most once a minute. `0`: for ever");
    public static final Setting<Optional<Path>> FARM_PINNED_KEYS = declare("farm.pinned-keys", Syntax.FILE,
            "/etc/termhost/farm_hosts", s -> s.relay().pinnedKeys(),
            "the farm's host keys, pinned at enrolment: a root-owned file in known_hosts format (`host-b ssh-ed25519"
                    + " AAAA...`), read at each use. A logon relayed by another host (SSH hostbased) is admitted only"
                    + " from a key pinned here for a host that is up in the directory, for the same user; this host"
                    + " relays only to hosts whose key is pinned here. Empty: no relaying");
    public static final Setting<Boolean> FARM_RELAY_ROOT = declare("farm.relay-root", Syntax.BOOLEAN, "false",
            s -> s.relay().relayRoot(),
            "`true`: a logon of root may be relayed from another host of the farm; `false`: root logs on only"
                    + " where its client connects");
    public static final Setting<RelaySettings.OnLostHost> FARM_ON_LOST_HOST = declare("farm.on-lost-host",
            Syntax.ON_LOST_HOST, "new", s -> s.relay().onLostHost(),
            "a logon whose session is on a host that is lost or stopped: `new`, a new session on the host routing"
                    + " chooses (the old one is reconnected when its host is back and the user logs on there);"
                    + " `refuse`: refused, saying which host holds it");
    public static final Setting<Integer> FARM_SESSION_LIMIT = declare("farm.session-limit", Syntax.WHOLE_NUMBER, "0",
            s -> s.relay().sessionLimit(),
            "sessions (with the logons just routed here) at which the farm's routing sends no new session to this"
                    + " host; reconnects still come. `0`: no limit");

    /** In declaration order. */
    public static final List<Setting<?>> ALL = List.copyOf(DECLARED);

    private SettingKeys() {
    }

    private static <T> Setting<T> declare(String key, Syntax<T> syntax, String defaultText, Function<Settings, T> read,
            String help) {
        Setting<T> s = new Setting<>(key, syntax, defaultText, read, help);
        if (DECLARED.stream().anyMatch(d -> d.key().equals(key))) {
            throw new IllegalStateException("setting '" + key + "' declared twice");
        }
        DECLARED.add(s);
        return s;
    }

    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** For errors about an unknown key: "listen, logoff.grace-period, ...". */
    public static String known() {
        return ALL.stream().map(Setting::key).collect(Collectors.joining(", "));
    }
}
