package com.aliaport.ops.cluster;

import static com.aliaport.ops.db.generated.Tables.DAEMON_NODES;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** {@code daemon_nodes}: each running daemon's check-in and the fingerprint of its link secret. */
public final class NodeRegistry {
    private final DSLContext dsl;

    public NodeRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts or refreshes this node's row. */
    public void checkIn(NodeCheckIn node) {
        dsl.insertInto(DAEMON_NODES)
                .set(DAEMON_NODES.NODE_ID, node.nodeId())
                .set(
                        DAEMON_NODES.LINK_SECRET_FINGERPRINT,
                        node.linkSecretFingerprint().orElse(null))
                .set(DAEMON_NODES.STARTED_AT, node.startedAt())
                .set(DAEMON_NODES.LAST_SEEN_AT, node.lastSeenAt())
                .onConflict(DAEMON_NODES.NODE_ID)
                .doUpdate()
                .set(DAEMON_NODES.LINK_SECRET_FINGERPRINT, DSL.excluded(DAEMON_NODES.LINK_SECRET_FINGERPRINT))
                .set(DAEMON_NODES.STARTED_AT, DSL.excluded(DAEMON_NODES.STARTED_AT))
                .set(DAEMON_NODES.LAST_SEEN_AT, DSL.excluded(DAEMON_NODES.LAST_SEEN_AT))
                .execute();
    }

    /** The nodes seen at or after {@code since}, by id. */
    public List<NodeCheckIn> seenSince(Instant since) {
        return dsl.selectFrom(DAEMON_NODES)
                .where(DAEMON_NODES.LAST_SEEN_AT.ge(since))
                .orderBy(DAEMON_NODES.NODE_ID)
                .fetch(r -> new NodeCheckIn(
                        r.getNodeId(),
                        Optional.ofNullable(r.getLinkSecretFingerprint()),
                        r.getStartedAt(),
                        r.getLastSeenAt()));
    }

    /** A node that stops cleanly leaves the list at once. */
    public void remove(String nodeId) {
        dsl.deleteFrom(DAEMON_NODES).where(DAEMON_NODES.NODE_ID.eq(nodeId)).execute();
    }
}
