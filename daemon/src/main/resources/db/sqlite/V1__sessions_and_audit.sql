-- Sessions survive the daemon: on start-up they are re-adopted from here and the live cgroups.
CREATE TABLE sessions (
    id              INTEGER NOT NULL PRIMARY KEY,
    kind            VARCHAR(16) NOT NULL,
    state           VARCHAR(16) NOT NULL,
    owner_uid       INTEGER NOT NULL,
    owner_name      VARCHAR(256) NOT NULL,
    client_address  VARCHAR(128),
    logon_time      BIGINT NOT NULL,
    disconnect_time BIGINT,
    last_input_time BIGINT,
    containment     VARCHAR(1024) NOT NULL,
    terminal        VARCHAR(1024),
    terminal_pid    INTEGER
);

-- Append-only record of every logon, logoff, disconnect, reconnect and denial.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            BIGINT NOT NULL,
    type          VARCHAR(64) NOT NULL,
    actor         VARCHAR(256),
    actor_uid     INTEGER,
    source        VARCHAR(256),
    session_id    INTEGER,
    session_owner VARCHAR(256),
    outcome       VARCHAR(32) NOT NULL,
    detail        VARCHAR(4096)
);
CREATE INDEX audit_log_at ON audit_log (at);
