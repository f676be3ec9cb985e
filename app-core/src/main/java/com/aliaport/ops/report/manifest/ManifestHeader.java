package com.aliaport.ops.report.manifest;

import java.time.LocalDate;

/** A cargo manifest's header with its vessel. */
public record ManifestHeader(
        long id,
        String imo,
        String vesselName,
        String flag,
        String voyage,
        LocalDate date,
        String direction,
        String loadingPort,
        String dischargePort) {}
