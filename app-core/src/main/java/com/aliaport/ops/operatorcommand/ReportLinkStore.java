package com.aliaport.ops.operatorcommand;

import static com.aliaport.ops.db.generated.Tables.REPORT_LINKS;

import com.aliaport.ops.reportqueue.ReportLinks;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * {@code report_links}: the download links signed for LINK_REPORT commands. A link is a credential until it
 * expires, so it is kept here rather than in the command's outcome or the audit log (which viewers read); row
 * security shows each login only the links it asked for.
 */
public final class ReportLinkStore {
    private final DSLContext dsl;

    public ReportLinkStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Keeps the link of a command and drops the links that have expired. */
    void put(long commandId, UUID taskId, String requestedBy, ReportLinks.Link link, Instant now) {
        dsl.deleteFrom(REPORT_LINKS).where(REPORT_LINKS.EXPIRES_AT.lt(now)).execute();
        dsl.insertInto(REPORT_LINKS)
                .set(REPORT_LINKS.COMMAND_ID, commandId)
                .set(REPORT_LINKS.TASK_ID, taskId)
                .set(REPORT_LINKS.REQUESTED_BY, requestedBy)
                .set(REPORT_LINKS.URL, link.url().toString())
                .set(REPORT_LINKS.FILE_NAME, link.fileName())
                .set(REPORT_LINKS.EXPIRES_AT, link.expiresAt())
                .onConflict(REPORT_LINKS.COMMAND_ID)
                .doNothing()
                .execute();
    }

    /** The link signed for this command, if the signed-in login may see it (its own command). */
    public Optional<ReportLinks.Link> find(long commandId) {
        return dsl.selectFrom(REPORT_LINKS)
                .where(REPORT_LINKS.COMMAND_ID.eq(commandId))
                .fetchOptional()
                .map(r -> new ReportLinks.Link(URI.create(r.getUrl()), r.getFileName(), r.getExpiresAt()));
    }
}
