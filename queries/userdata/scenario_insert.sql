-- scenario_insert.sql
-- Grain: writes one scenario (its inputs as JSON; results are recomputed, never stored).
-- Params: $scenario_id VARCHAR, $name VARCHAR, $kind VARCHAR, $unit_set VARCHAR, $province_code VARCHAR, $year INTEGER, $inputs_json VARCHAR, $created_at TIMESTAMP, $created_by VARCHAR
-- kind: 'whatif' or 'target'.
insert into scenario (
    scenario_id, name, kind, unit_set, province_code, year, inputs_json, created_at, created_by
)
values (
    $scenario_id, $name, $kind, $unit_set, $province_code, $year, $inputs_json, $created_at, $created_by
)
