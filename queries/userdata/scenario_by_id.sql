-- scenario_by_id.sql
-- Grain: one row per scenario (zero or one row).
-- Params: $scenario_id VARCHAR
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
where scenario_id = $scenario_id
