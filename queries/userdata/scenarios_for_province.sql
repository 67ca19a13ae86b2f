-- scenarios_for_province.sql
-- Grain: one row per scenario of the province (every year when $year is null), newest first;
-- every province's when $province_code is null (read once per file stamp, picked per interaction).
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
    and ($province_code::varchar is null or province_code = $province_code::varchar)
    and ($year::integer is null or year = $year::integer)
order by created_at desc, scenario_id asc
