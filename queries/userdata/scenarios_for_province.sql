-- scenarios_for_province.sql
-- Grain: one row per scenario of the province (every year when $year is null), newest first.
-- Params: $unit_set VARCHAR, $province_code VARCHAR, $year INTEGER
select
    scenario_id,
    name,
    kind,
    unit_set,
    province_code,
    year,
    inputs_json,
    created_at,
    created_by
from scenario
where
    unit_set = $unit_set
    and province_code = $province_code
    and ($year::integer is null or year = $year::integer)
order by created_at desc, scenario_id asc
