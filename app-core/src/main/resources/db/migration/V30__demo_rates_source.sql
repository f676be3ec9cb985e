-- Demo data may need exchange rates for a period no real bulletin covers. They are stored as kaynak 'DEMO'
-- so nobody mistakes them for published TCMB rates; a real sync overwrites them through its UPSERT.
ALTER TABLE kurlar DROP CONSTRAINT kurlar_kaynak_check;
ALTER TABLE kurlar ADD CONSTRAINT kurlar_kaynak_check CHECK (kaynak IN ('TCMB', 'EVDS', 'DEMO'));
