-- Host-wide state changed at run time by administrators (e.g. change logon /drain), by name.
CREATE TABLE host_settings (
    name  VARCHAR(128) NOT NULL PRIMARY KEY,
    value VARCHAR(1024) NOT NULL
);
