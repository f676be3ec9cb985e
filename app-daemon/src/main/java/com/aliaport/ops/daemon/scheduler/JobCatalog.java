package com.aliaport.ops.daemon.scheduler;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** All jobs this daemon knows, by id. */
public final class JobCatalog {
    private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();

    public JobCatalog(List<JobDefinition> definitions) {
        for (JobDefinition d : definitions) {
            if (jobs.putIfAbsent(d.id(), d) != null) {
                throw new IllegalArgumentException("job id used twice: " + d.id());
            }
        }
    }

    public Optional<JobDefinition> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public JobDefinition get(String id) {
        return find(id).orElseThrow(() -> new UnknownJobException(id, jobs.keySet()));
    }

    public Collection<JobDefinition> all() {
        return jobs.values();
    }
}
