-- Relayed logons (issue #15, items 2 and 5). Where each host's SSH listener is reached by the
-- other hosts of the farm: what an entry host needs to relay a logon there. Written at start-up,
-- beside the host's row (whose registration it does not touch); the pinned host keys are never
-- here, but in a root-owned file on each host (farm.pinned-keys): a leaked database password must
-- not be enough to enrol a host.
CREATE TABLE IF NOT EXISTS farm_endpoints (
    host_id     VARCHAR(255) NOT NULL PRIMARY KEY,
    ssh_address VARCHAR(300) NOT NULL,
    -- farm.session-limit: a host with this many sessions (and pending logons) takes no new one; 0: none
    session_limit INTEGER NOT NULL DEFAULT 0,
    changed     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A logon routed to a host that has not yet published the session it makes: it counts as load,
-- and a second logon of the same user, routed under the same advisory lock, goes where the first
-- went. Dropped when the routing host sees the session, or ignored once old.
CREATE TABLE IF NOT EXISTS farm_pending (
    owner_name VARCHAR(256) NOT NULL PRIMARY KEY,
    host_id    VARCHAR(255) NOT NULL,
    created    TIMESTAMPTZ NOT NULL DEFAULT now()
);
