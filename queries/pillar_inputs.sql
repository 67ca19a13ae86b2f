-- pillar_inputs.sql
-- Grain: one row per stored score (year, unit, metric) of the unit set, with its year's framework.
-- Params: $unit_set VARCHAR
-- What the QĐ 922 pillar rule reads: the total dti, the main indices and any pillar already
-- stored (a stored pillar is never recomputed). value: 0–1 as stored.
-- Only years of a method whose pillars follow from its common foundation indices (QĐ 922): the rule
-- computes nothing for any other method, and a commune-scale method without them returned millions of rows.
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
where
    dti_value.unit_set = $unit_set
    and dti_value.measure = 'score'
    and framework.framework in (
        select foundation.framework
        from indicator as foundation
        where foundation.parent_code = 'nen_tang_chung' and foundation.indicator_level = 'main'
    )
order by dti_value.year, dti_value.unit_code, dti_value.metric
