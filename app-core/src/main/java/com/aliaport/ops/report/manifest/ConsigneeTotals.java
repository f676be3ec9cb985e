package com.aliaport.ops.report.manifest;

import com.aliaport.ops.report.ReportText;
import java.math.BigDecimal;
import java.text.Collator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sums a manifest's items per consignee and overall; one manifest's consignees fit in memory. */
final class ConsigneeTotals {
    static final class Consignee {
        final String name;
        final Set<String> billsOfLading = new HashSet<>();
        long items;
        long packages;
        BigDecimal grossKg = BigDecimal.ZERO;

        Consignee(String name) {
            this.name = name;
        }
    }

    private final Map<String, Consignee> byName = new HashMap<>();
    private long packages;
    private BigDecimal grossKg = BigDecimal.ZERO;
    private final Set<String> billsOfLading = new HashSet<>();

    ManifestItem add(ManifestItem item) {
        Consignee c = byName.computeIfAbsent(item.consignee(), Consignee::new);
        c.billsOfLading.add(item.billOfLading());
        c.items++;
        c.packages += item.packages();
        c.grossKg = c.grossKg.add(item.grossKg());
        packages += item.packages();
        grossKg = grossKg.add(item.grossKg());
        billsOfLading.add(item.billOfLading());
        return item;
    }

    /** In Turkish alphabetical order (Ç after C, İ after I). */
    List<Consignee> consignees() {
        Collator turkish = Collator.getInstance(ReportText.TURKISH);
        return byName.values().stream()
                .sorted((a, b) -> turkish.compare(a.name, b.name))
                .toList();
    }

    long packages() {
        return packages;
    }

    BigDecimal grossKg() {
        return grossKg;
    }

    int billsOfLading() {
        return billsOfLading.size();
    }
}
