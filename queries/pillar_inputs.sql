-- pillar_inputs.sql
-- Grain: one row per stored score (year, unit, metric) of the unit set, with its year's framework.
-- Params: $unit_set VARCHAR
-- What the QĐ 922 pillar rule reads: the total dti, the main indices and any pillar already
-- stored (a stored pillar is never recomputed). value: 0–1 as stored.
select
    dti_value.year,
    framework.framework,
    dti_value.unit_code,
    dti_value.metric,
    dti_value.value,
    dti_value.source_url
from dti_value
inner join framework
    on dti_value.year between framework.first_year and coalesce(framework.last_year, 9999)
where dti_value.unit_set = $unit_set and dti_value.measure = 'score'
order by dti_value.year, dti_value.unit_code, dti_value.metric
