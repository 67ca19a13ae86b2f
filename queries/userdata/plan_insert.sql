-- plan_insert.sql
-- Grain: writes one plan (what does not change between revisions).
-- Params: $plan_id VARCHAR, $unit_set VARCHAR, $province_code VARCHAR, $base_year INTEGER, $target_year INTEGER, $source_kind VARCHAR, $source_ref VARCHAR, $created_at TIMESTAMP, $created_by VARCHAR
-- source_kind: 'solver', 'scenario' or 'blank'; source_ref: the scenario id or the solver target.
insert into plan (
    plan_id, unit_set, province_code, base_year, target_year, source_kind, source_ref, created_at, created_by
)
values (
    $plan_id, $unit_set, $province_code, $base_year, $target_year, $source_kind, $source_ref, $created_at,
    $created_by
)
