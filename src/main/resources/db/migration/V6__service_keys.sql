-- Secrets the replicas share, made once by the first migration run: the key that signs page
-- tokens, so that any replica accepts a token another issued and nobody can forge or alter one.
-- gen_random_uuid() draws from the server's strong random source (122 random bits per call).
CREATE TABLE service_key (
    name text PRIMARY KEY,
    key  bytea NOT NULL CHECK (length(key) >= 32)
);

INSERT INTO service_key (name, key)
VALUES ('page-token', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
