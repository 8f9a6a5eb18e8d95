-- The extracted text of each document, so that reindex can re-chunk it with new settings.
ALTER TABLE document ADD COLUMN content text;

-- Uploaded files, stored in the database so that any replica can run (or resume, or retry) the
-- operation. A set of uploads is named in the operation's input ("upload_set"); a retry shares it.
-- Files are streamed in and out in parts of at most 1 MiB. UploadJanitor deletes sets that no
-- operation names any more (after retention deleted them).
CREATE TABLE upload (
    id           uuid PRIMARY KEY,
    set_id       uuid    NOT NULL,
    position     integer NOT NULL,
    filename     text    NOT NULL,
    content_type text,
    size_bytes   bigint  NOT NULL,
    sha256       text    NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT upload_position_uq UNIQUE (set_id, position)
);

CREATE TABLE upload_part (
    upload_id uuid    NOT NULL REFERENCES upload (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

-- The janitor's question: does any operation still name this upload set?
CREATE INDEX operation_upload_set_idx ON operation ((input ->> 'upload_set')) WHERE type = 'ingest_files';
