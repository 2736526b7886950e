package termhost.daemon.store.postgresql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import termhost.daemon.store.CommandQueue;
import termhost.daemon.store.JdbcUrls;
import termhost.daemon.store.StoreException;
import termhost.daemon.store.jdbc.Database;

/**
 * The command table on PostgreSQL (migration V6). Two connections, each made on first use and
 * again after a failure: one for the statements, and one that only LISTENs, unpooled and in
 * autocommit (a transaction left open on a listening connection would hold up the server's
 * notification queue). Channels ({@link #channel}): {@code host_<host>} wakes a host for a command,
 * {@code done_<host>} wakes a caller's host for an outcome; the payload is the command's seq.
 */
public final class PostgresCommandQueue implements CommandQueue {
    private final String url;
    private final Reconnecting db;
    /** The listening connection: the listener's thread only. */
    private Connection listening;

    public PostgresCommandQueue(String url) {
        this.url = url;
        this.db = new Reconnecting(url, "the farm's command table");
    }

    /** The application name of {@code host}'s listening connection, as pg_stat_activity shows it. */
    public static String listenerName(String host) {
        return "termhost listen " + host;
    }

    @Override
    public synchronized Optional<Long> submit(String farm, Command command) {
        return run("send " + command.verb() + " to " + command.host(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO farm_commands (host_id, session_id, verb, args, "
                    + "actor, actor_uid, actor_host) SELECT host_id, ?, ?, json_object(?::text[], ?::text[])::jsonb, "
                    + "?, ?, ? FROM farm_hosts WHERE lower(host_id) = lower(?) AND farm = ? RETURNING seq, host_id")) {
                ps.setInt(1, command.sessionId());
                ps.setString(2, command.verb());
                ps.setArray(3, c.createArrayOf("text", command.args().keySet().toArray()));
                ps.setArray(4, c.createArrayOf("text", command.args().values().toArray()));
                ps.setString(5, command.actor());
                ps.setInt(6, command.actorUid());
                ps.setString(7, command.actorHost());
                ps.setString(8, command.host());
                ps.setString(9, farm);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long seq = rs.getLong(1);
                    notify(c, channel("host", rs.getString(2)), seq); // as the host spells itself: names match in any case
                    return Optional.of(seq);
                }
            }
        });
    }

    @Override
    public synchronized Optional<Map<String, String>> outcome(long seq) {
        return run("read the outcome of command " + seq, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT outcome IS NOT NULL FROM farm_commands WHERE seq = ?")) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(fields(c, "outcome", seq));
        });
    }

    @Override
    public synchronized boolean abandon(long seq, Map<String, String> outcome) {
        return run("abandon command " + seq, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_commands SET done = now(), "
                    + "outcome = json_object(?::text[], ?::text[])::jsonb WHERE seq = ? AND done IS NULL")) {
                ps.setArray(1, c.createArrayOf("text", outcome.keySet().toArray()));
                ps.setArray(2, c.createArrayOf("text", outcome.values().toArray()));
                ps.setLong(3, seq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized List<Long> undone(String host) {
        return run("scan the commands for " + host, c -> {
            List<Long> seqs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq FROM farm_commands WHERE host_id = ? AND done IS NULL ORDER BY seq")) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                    }
                }
            }
            return seqs;
        });
    }

    @Override
    public synchronized Optional<Command> claim(String host, long seq) {
        return run("claim command " + seq, c -> {
            Command claimed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_commands SET done = now() WHERE seq = ? "
                    + "AND host_id = ? AND done IS NULL RETURNING session_id, verb, actor, actor_uid, actor_host")) {
                ps.setLong(1, seq);
                ps.setString(2, host);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    claimed = new Command(seq, host, rs.getInt(1), rs.getString(2), Map.of(), rs.getString(3),
                            rs.getInt(4), rs.getString(5));
                }
            }
            return Optional.of(new Command(seq, host, claimed.sessionId(), claimed.verb(), fields(c, "args", seq),
                    claimed.actor(), claimed.actorUid(), claimed.actorHost()));
        });
    }

    @Override
    public synchronized void complete(Command command, Map<String, String> outcome) {
        run("write the outcome of command " + command.seq(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE farm_commands SET outcome = "
                    + "json_object(?::text[], ?::text[])::jsonb WHERE seq = ?")) {
                ps.setArray(1, c.createArrayOf("text", outcome.keySet().toArray()));
                ps.setArray(2, c.createArrayOf("text", outcome.values().toArray()));
                ps.setLong(3, command.seq());
                ps.executeUpdate();
            }
            notify(c, channel("done", command.actorHost()), command.seq());
            return null;
        });
    }

    /** A jsonb column of strings (args or outcome) of row {@code seq}, as a map. */
    private static Map<String, String> fields(Connection c, String column, long seq) throws SQLException {
        Map<String, String> fields = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM farm_commands, jsonb_each_text("
                + column + ") WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return fields;
    }

    static void notify(Connection c, String channel, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, Long.toString(seq));
            ps.execute();
        }
    }

    @Override
    public Wakeups await(String host, Duration timeout) {
        try {
            boolean fresh = false;
            if (listening == null) {
                listening = PostgresStore.connect(url);
                try (Statement s = listening.createStatement()) {
                    s.execute("SET application_name = " + literal(listenerName(host)));
                    s.execute("LISTEN " + identifier(channel("host", host)));
                    s.execute("LISTEN " + identifier(channel("done", host)));
                }
                fresh = true;
            }
            PGNotification[] got = listening.unwrap(PGConnection.class)
                    .getNotifications(fresh ? 1 : (int) Math.max(1, timeout.toMillis()));
            List<Long> commands = new ArrayList<>();
            List<Long> outcomes = new ArrayList<>();
            for (PGNotification n : got == null ? new PGNotification[0] : got) {
                try {
                    (n.getName().startsWith("done_") ? outcomes : commands).add(Long.parseLong(n.getParameter()));
                } catch (NumberFormatException e) {
                    // not one of ours: a wake-up only, and the scan after a (re)LISTEN covers everything
                }
            }
            return new Wakeups(fresh, commands, outcomes);
        } catch (SQLException e) {
            closeListening();
            throw new StoreException("cannot listen for the farm's commands to " + host + " on "
                    + JdbcUrls.redacted(url), e);
        }
    }

    /** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1): a channel's name too. */
    private static final int CHANNEL_MAX = 63;

    /**
     * The NOTIFY channel of {@code kind} ({@code host}: commands to it, {@code done}: outcomes for
     * it) of {@code host}: {@code kind_host} while that fits a channel name, which LISTEN would
     * silently cut and pg_notify refuse; else its start and a hash of the whole name, the same on
     * every host.
     */
    static String channel(String kind, String host) {
        String plain = kind + "_" + host;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= CHANNEL_MAX) {
            return plain;
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(host.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        int room = CHANNEL_MAX - 1 - hash.length();
        StringBuilder start = new StringBuilder();
        for (int i = 0, bytes = 0; i < plain.length(); i += Character.charCount(plain.codePointAt(i))) {
            bytes += Character.toString(plain.codePointAt(i)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > room) {
                break; // never half a character
            }
            start.appendCodePoint(plain.codePointAt(i));
        }
        return start + "_" + hash;
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    private <T> T run(String what, Database.Work<T> work) {
        return db.run(what, work);
    }

    private synchronized void closeDb() {
        db.close();
    }

    private void closeListening() {
        if (listening != null) {
            try {
                listening.close();
            } catch (SQLException e) {
                // the connection is being dropped anyway
            }
            listening = null;
        }
    }

    @Override
    public void close() {
        closeDb();
        closeListening();
    }
}
