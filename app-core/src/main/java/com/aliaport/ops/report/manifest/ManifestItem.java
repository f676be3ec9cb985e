package com.aliaport.ops.report.manifest;

import java.math.BigDecimal;

/** One line of a manifest: a bill of lading's goods, packages and gross weight (in kg), maybe in a container. */
public record ManifestItem(
        int lineNo,
        String billOfLading,
        String shipper,
        String consignee,
        String goods,
        int packages,
        String packageKind,
        BigDecimal grossKg,
        String container) {}
