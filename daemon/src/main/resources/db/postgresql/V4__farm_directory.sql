-- The farm's directory (issue #15). Each host stays the authority for its own sessions (its
-- SQLite store) and publishes them here; the database's clock decides leases, and each host's
-- epoch fences a host that was paused past its lease: every write checks it in its transaction.
CREATE TABLE farm_hosts (
    host_id     VARCHAR(255) NOT NULL PRIMARY KEY,
    farm        VARCHAR(255) NOT NULL,
    weight      INTEGER NOT NULL DEFAULT 100,
    epoch       BIGINT NOT NULL,
    state       VARCHAR(16) NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    changed     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX farm_hosts_up_lease ON farm_hosts (lease_until) WHERE state = 'up';

-- Sessions keyed by (host, id): an id is unique on its host only, as on Windows.
CREATE TABLE farm_sessions (
    host_id         VARCHAR(255) NOT NULL REFERENCES farm_hosts (host_id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL,
    kind            VARCHAR(16) NOT NULL,
    state           VARCHAR(16) NOT NULL,
    owner_uid       INTEGER NOT NULL,
    owner_name      VARCHAR(256) NOT NULL,
    client_address  VARCHAR(128),
    logon_time      BIGINT NOT NULL,
    disconnect_time BIGINT,
    epoch           BIGINT NOT NULL,
    PRIMARY KEY (host_id, session_id)
);

-- Every host's audit rows, copied up from its own log: (host, store, seq) names a row once, so a
-- copy repeated after an outage adds nothing; store_id tells a host's new local store from its old.
CREATE TABLE farm_audit (
    host_id       VARCHAR(255) NOT NULL,
    store_id      VARCHAR(64) NOT NULL,
    seq           BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    type          VARCHAR(64) NOT NULL,
    actor         VARCHAR(256),
    actor_uid     INTEGER,
    source        VARCHAR(256),
    session_id    INTEGER,
    session_owner VARCHAR(256),
    outcome       VARCHAR(32) NOT NULL,
    detail        VARCHAR(4096),
    PRIMARY KEY (host_id, store_id, seq)
);
CREATE INDEX farm_audit_at ON farm_audit (at);
