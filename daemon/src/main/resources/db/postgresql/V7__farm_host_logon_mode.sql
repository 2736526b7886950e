-- A host's logon mode (change logon), seen farm-wide: new sessions go only to hosts that take them.
ALTER TABLE farm_hosts ADD COLUMN logon_mode VARCHAR(24) NOT NULL DEFAULT 'enable';
