-- Commands for a session on another host of the farm (issue #15): a row is the command, durable;
-- pg_notify('host_' || host_id, seq) in the same transaction only wakes its host, which scans for
-- undone rows after every (re)LISTEN, so a lost notification never loses a command. The host
-- claims a row by setting done (once: WHERE done IS NULL), runs it and writes its outcome; the
-- caller, woken by 'done_' || actor_host, reads the outcome or, past its wait, abandons the row.
CREATE TABLE farm_commands (
    seq        BIGSERIAL PRIMARY KEY,
    host_id    VARCHAR(255) NOT NULL,
    session_id INTEGER NOT NULL,
    verb       VARCHAR(32) NOT NULL,
    args       JSONB NOT NULL,
    actor      VARCHAR(256) NOT NULL,
    actor_uid  INTEGER NOT NULL,
    actor_host VARCHAR(255) NOT NULL,
    created    TIMESTAMPTZ NOT NULL DEFAULT now(),
    done       TIMESTAMPTZ,
    outcome    JSONB
);
CREATE INDEX farm_commands_undone ON farm_commands (host_id, seq) WHERE done IS NULL;
