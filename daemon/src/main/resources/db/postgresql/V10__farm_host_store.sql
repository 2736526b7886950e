-- Which daemon holds a host's name: the id of its local store, kept across its restarts. A second
-- daemon given the same farm.host (a copied configuration) must not take over the name while the
-- first is up: each registration would fence the other, for ever.
ALTER TABLE farm_hosts ADD COLUMN store_id VARCHAR(64);
