-- The RDS permission model: grants and denies of special rights (a bit mask, Windows' values) to
-- OS users, OS groups or everyone. An explicit deny beats any grant. These rows are the defaults;
-- `termhost rights /reset` puts them back.
CREATE TABLE permissions (
    principal_kind VARCHAR(16) NOT NULL,
    principal_name VARCHAR(256) NOT NULL,
    effect         VARCHAR(8) NOT NULL,
    rights         INTEGER NOT NULL,
    PRIMARY KEY (principal_kind, principal_name, effect)
);
INSERT INTO permissions (principal_kind, principal_name, effect, rights) VALUES ('group', 'termhost-admins', 'grant', 1023);
INSERT INTO permissions (principal_kind, principal_name, effect, rights) VALUES ('everyone', '*', 'grant', 417);
