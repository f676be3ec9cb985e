-- Exchange-rate sync (issue 3).

-- XDR carries a buying rate only (<ForexSelling/> in every bulletin) and is stored all the same.
ALTER TABLE kurlar ALTER COLUMN satis DROP NOT NULL;

-- EVDS publishes 8 decimals; keep every one of them exactly (TCMB's XML has at most 5).
ALTER TABLE kurlar
    ALTER COLUMN alis          TYPE NUMERIC(20, 8),
    ALTER COLUMN satis         TYPE NUMERIC(20, 8),
    ALTER COLUMN efektif_alis  TYPE NUMERIC(20, 8),
    ALTER COLUMN efektif_satis TYPE NUMERIC(20, 8);
ALTER TABLE kur_anomalies
    ALTER COLUMN onceki_alis TYPE NUMERIC(20, 8),
    ALTER COLUMN yeni_alis   TYPE NUMERIC(20, 8);

