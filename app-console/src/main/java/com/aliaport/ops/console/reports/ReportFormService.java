package com.aliaport.ops.console.reports;

import static com.aliaport.ops.db.generated.Tables.CARI_HESAPLAR;
import static com.aliaport.ops.db.generated.Tables.GEMILER;
import static com.aliaport.ops.db.generated.Tables.MANIFESTOLAR;

import com.aliaport.ops.console.commands.CommandService;
import com.aliaport.ops.operatorcommand.CommandKind;
import com.aliaport.ops.operatorcommand.OperatorCommand;
import com.aliaport.ops.report.ReportCatalog;
import com.aliaport.ops.report.ReportSettings;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What the new-report form reads and does: customers by code or name, vessels and their manifests (each a short,
 * limited list, newest or nearest first), the API's own validation (the report builders' {@code validate}), and
 * the submission as a {@code SUBMIT_REPORT} command that a daemon carries out through its report queue.
 */
public final class ReportFormService {
    /** How many choices a search shows: enough to pick from, few enough to read. */
    public static final int CHOICES = 20;

    /** A customer as the form offers it. */
    public record Customer(String code, String name) {}

    /** A vessel as the form offers it. */
    public record Vessel(String imo, String name) {}

    /** A manifest of a vessel: its voyage, date and direction. */
    public record Manifest(long id, String voyage, LocalDate date, String direction) {}

    private final DSLContext dsl;
    private final ReportCatalog catalog;
    private final CommandService commands;

    public ReportFormService(DSLContext dsl, CommandService commands) {
        this.dsl = dsl;
        // Only validate() is used here: the same checks (and wording) the API answers with.
        this.catalog = ReportCatalog.standard(dsl, Clock.systemUTC(), ReportSettings.defaults());
        this.commands = commands;
    }

    /** Customers whose code starts with, or whose name contains, {@code text} (case-insensitive), by code. */
    public List<Customer> customers(String text) {
        String t = text == null ? "" : text.strip();
        return dsl.select(CARI_HESAPLAR.CARI_KODU, CARI_HESAPLAR.UNVAN)
                .from(CARI_HESAPLAR)
                .where(
                        t.isEmpty()
                                ? DSL.noCondition()
                                : CARI_HESAPLAR
                                        .CARI_KODU
                                        .likeIgnoreCase(like(t) + "%", '!')
                                        .or(CARI_HESAPLAR.UNVAN.likeIgnoreCase("%" + like(t) + "%", '!')))
                .orderBy(CARI_HESAPLAR.CARI_KODU)
                .limit(CHOICES)
                .fetch(r -> new Customer(r.value1(), r.value2()));
    }

    /** Vessels whose IMO number starts with, or whose name contains, {@code text}, by name. */
    public List<Vessel> vessels(String text) {
        String t = text == null ? "" : text.strip();
        return dsl.select(GEMILER.IMO_NO, GEMILER.GEMI_ADI)
                .from(GEMILER)
                .where(
                        t.isEmpty()
                                ? DSL.noCondition()
                                : GEMILER.IMO_NO
                                        .like(like(t) + "%", '!')
                                        .or(GEMILER.GEMI_ADI.likeIgnoreCase("%" + like(t) + "%", '!')))
                .orderBy(GEMILER.GEMI_ADI, GEMILER.IMO_NO)
                .limit(CHOICES)
                .fetch(r -> new Vessel(r.value1(), r.value2()));
    }

    /** The vessel's manifests (voyages), newest first. */
    public List<Manifest> manifests(String imo) {
        return dsl.select(MANIFESTOLAR.ID, MANIFESTOLAR.SEFER_NO, MANIFESTOLAR.TARIH, MANIFESTOLAR.YON)
                .from(MANIFESTOLAR)
                .where(MANIFESTOLAR.IMO_NO.eq(imo))
                .orderBy(MANIFESTOLAR.TARIH.desc(), MANIFESTOLAR.ID.desc())
                .limit(CHOICES)
                .fetch(r -> new Manifest(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * The report builder's own validation, as the API runs it: the normalised parameters, or an
     * {@link com.aliaport.ops.report.InvalidReportParameterException} naming the field.
     */
    public Map<String, String> validate(String type, Map<String, Object> raw) {
        return catalog.require(type).validate(raw);
    }

    /** Validates, then asks the cluster to queue the report; the command as last seen (its outcome names the task). */
    public OperatorCommand submit(String type, Map<String, Object> raw) throws InterruptedException {
        return commands.submitAndFollow(CommandKind.SUBMIT_REPORT, type, validate(type, raw));
    }

    private static String like(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
