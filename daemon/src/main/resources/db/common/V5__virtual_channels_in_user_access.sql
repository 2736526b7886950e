-- User Access now carries Virtual Channels (0x8), which the SSH transport checks at each logon before
-- allowing file transfer, port or agent forwarding. Until now that right decided nothing, so every grant
-- holding the old User Access (Logon, Query Information, Message, Connect: 417), the default grant to
-- everyone among them, gets it: an upgrade keeps what users could do. Denies, and grants without the
-- whole preset (Guest Access), stay as they were. SQLite's version 4, PostgreSQL's 5.
UPDATE permissions SET rights = rights | 8 WHERE effect = 'grant' AND (rights & 417) = 417;
