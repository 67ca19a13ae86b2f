-- plans_for_province.sql
-- Grain: one row per plan of the province, with its latest revision, newest save first.
-- Params: $unit_set VARCHAR, $province_code VARCHAR
-- A null $province_code gives every province's plans: the app reads them once per file stamp
-- and picks a province's per interaction (a new DuckDB connection costs 20–200 ms).
with latest as (
    select
        plan_id,
        max(revision) as revision
    from plan_revision
    group by plan_id
)

select
    plan.plan_id,
    plan.province_code,
    plan.base_year,
    plan.target_year,
    plan.source_kind,
    plan.source_ref,
    plan_revision.revision,
    plan_revision.title,
    plan_revision.saved_at,
    plan_revision.saved_by
from plan
inner join latest on plan.plan_id = latest.plan_id
inner join plan_revision
    on
        latest.plan_id = plan_revision.plan_id
        and latest.revision = plan_revision.revision
where
    plan.unit_set = $unit_set
    and ($province_code::varchar is null or plan.province_code = $province_code::varchar)
order by plan_revision.saved_at desc, plan.plan_id asc
