-- The daemon nodes of a cluster as they check in (at start, then every cluster check-in interval), with what
-- must agree between them: the fingerprint of the link secret (an HMAC of a fixed label under the secret,
-- never the secret or a plain hash of it), so that a node signing download links with another secret than the
-- others is reported at start and on /api/scheduler/health instead of being found by users whose links are
-- refused. A node deletes its row when it stops cleanly; a killed node's row goes stale (last_seen_at).
CREATE TABLE daemon_nodes (
    node_id                 TEXT PRIMARY KEY,
    link_secret_fingerprint TEXT,
    started_at              TIMESTAMPTZ NOT NULL,
    last_seen_at            TIMESTAMPTZ NOT NULL
);
