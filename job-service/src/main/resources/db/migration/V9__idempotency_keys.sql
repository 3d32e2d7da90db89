-- Idempotency-Key of the API's creating POSTs: one row per (caller, key), inserted before the request runs, so two
-- requests with the same key at once cannot both create (the second finds the row). The first answer is stored
-- with it and replayed to a repeat with the same request (same method, path, query and body: request_hash); another
-- request under the same key is refused (422). status is null while the first request is still running. Rows older
-- than ironcore.api.idempotency-retention (24 h) are purged.
CREATE TABLE idempotency_key (
    caller          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    text        NOT NULL,
    method          text        NOT NULL,
    path            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    status          integer,
    content_type    text,
    location        text,
    etag            text,
    body            text,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
