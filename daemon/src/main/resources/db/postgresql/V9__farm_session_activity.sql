-- What query session and query user show of another host's session beside its state: its name
-- (ssh#N, none while disconnected) and its last input, for IDLE TIME. Published once a heartbeat,
-- never per keystroke: an idle time in the farm's listing is as old as a heartbeat at most.
ALTER TABLE farm_sessions ADD COLUMN IF NOT EXISTS session_name VARCHAR(64);
ALTER TABLE farm_sessions ADD COLUMN IF NOT EXISTS last_input_time BIGINT;
