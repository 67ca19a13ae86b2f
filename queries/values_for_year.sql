-- values_for_year.sql
-- Grain: one row per stored value of the year: (unit, metric, measure).
-- Params: $unit_set VARCHAR, $year INTEGER
-- Rows: many (a year of every unit: 600,000 at commune scale; read through Arrow, dti/queries.py)
-- What an import compares against and what an export writes; provenance, source and import_id as stored.
-- Computed values (provenance 'computed') are left out: they follow from these by the official
-- rules and are recomputed after every import, so they are neither compared nor exported.
select
    dti_value.unit_code as province_code,
    unit.unit_name as province_name,
    dti_value.metric,
    dti_value.measure,
    dti_value.value,
    dti_value.provenance,
    dti_value.source_url,
    dti_value.import_id
from dti_value
inner join unit
    on dti_value.unit_set = unit.unit_set and dti_value.unit_code = unit.unit_code
where dti_value.unit_set = $unit_set and dti_value.year = $year and dti_value.provenance <> 'computed'
order by dti_value.unit_code, dti_value.metric, dti_value.measure
