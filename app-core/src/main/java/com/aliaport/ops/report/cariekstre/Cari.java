package com.aliaport.ops.report.cariekstre;

/** The customer an account statement is for. */
public record Cari(String code, String name, String taxNumber, String taxOffice, String currency, String address) {}
