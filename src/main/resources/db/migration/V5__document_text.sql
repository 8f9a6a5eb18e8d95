-- A document's text in parts of at most a million characters, written and read as a stream: a
-- document of any size never has to be one value in memory (issue 10). Rows written by earlier
-- versions keep their text in document.content until they are written again.
CREATE TABLE document_text (
    document_id uuid    NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    seq         integer NOT NULL,
    content     text    NOT NULL,
    PRIMARY KEY (document_id, seq)
);
