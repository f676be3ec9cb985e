package com.aliaport.ops.daemon.scheduler;

import com.aliaport.ops.jobrun.TriggerKind;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.quartz.JobDataMap;

/**
 * The few strings a trigger carries (Quartz stores them as properties, never Java-serialised): why it fires,
 * which attempt, when it was originally due, and the run's parameters (prefixed {@code param.}).
 */
record TriggerData(TriggerKind kind, int attempt, Optional<Instant> originallyDue, Map<String, String> parameters) {
    static final String KIND = "kind";
    static final String ATTEMPT = "attempt";
    static final String DUE = "due";
    static final String PARAM = "param.";

    JobDataMap toMap() {
        JobDataMap map = new JobDataMap();
        map.put(KIND, kind.name());
        map.put(ATTEMPT, Integer.toString(attempt));
        originallyDue.ifPresent(d -> map.put(DUE, d.toString()));
        parameters.forEach((k, v) -> map.put(PARAM + k, v));
        return map;
    }

    static TriggerData from(JobDataMap map) {
        TriggerKind kind = map.containsKey(KIND) ? TriggerKind.valueOf(map.getString(KIND)) : TriggerKind.SCHEDULED;
        int attempt = map.containsKey(ATTEMPT) ? Integer.parseInt(map.getString(ATTEMPT)) : 1;
        Optional<Instant> due =
                map.containsKey(DUE) ? Optional.of(Instant.parse(map.getString(DUE))) : Optional.empty();
        Map<String, String> params = new java.util.TreeMap<>();
        for (String key : map.getKeys()) {
            if (key.startsWith(PARAM)) {
                params.put(key.substring(PARAM.length()), map.getString(key));
            }
        }
        return new TriggerData(kind, attempt, due, Map.copyOf(params));
    }
}
