-- Who submitted an operation and what it was asked to do, as the resource shows them (DESIGN §7):
-- the token's subject, the caller's metadata and a summary of the input that never repeats a text
-- or a file's contents. Written once at submission, in no index (heartbeats and progress stay HOT);
-- operations submitted before this migration show nulls.
ALTER TABLE operation
    ADD COLUMN submitted_by  text,
    ADD COLUMN metadata      jsonb,
    ADD COLUMN input_summary jsonb;
