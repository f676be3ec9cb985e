package com.aliaport.ops.console.quartz;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Table;

/**
 * The columns of Quartz's tables the console reads (never writes). They are not in the generated jOOQ schema,
 * which leaves Quartz's own tables out, hence named fields, in this one place.
 */
public final class QuartzTables {
    public static final Table<?> SCHEDULER_STATE = table(name("qrtz_scheduler_state"));
    public static final Field<String> SCHED_NAME = field(name("sched_name"), String.class);
    public static final Field<String> INSTANCE = field(name("instance_name"), String.class);
    public static final Field<Long> LAST_CHECKIN = field(name("last_checkin_time"), Long.class);
    public static final Field<Long> CHECKIN_INTERVAL = field(name("checkin_interval"), Long.class);

    public static final Table<?> TRIGGERS = table(name("qrtz_triggers"));
    public static final Field<String> TRIGGER_NAME = field(name("trigger_name"), String.class);
    public static final Field<String> TRIGGER_GROUP = field(name("trigger_group"), String.class);
    public static final Field<String> JOB_NAME = field(name("job_name"), String.class);
    public static final Field<String> TRIGGER_STATE = field(name("trigger_state"), String.class);
    public static final Field<Long> NEXT_FIRE = field(name("next_fire_time"), Long.class);

    /** The group of the daemon's cron triggers (one per job, named after it). */
    public static final String SCHEDULE_GROUP = "schedule";

    private QuartzTables() {}
}
