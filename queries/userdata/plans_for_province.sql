-- plans_for_province.sql
-- Grain: one row per plan of the province, with its latest revision, newest save first.
-- Params: $unit_set VARCHAR, $province_code VARCHAR
with latest as (
    select
        plan_id,
        max(revision) as revision
    from plan_revision
    group by plan_id
)

select
    plan.plan_id,
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
where plan.unit_set = $unit_set and plan.province_code = $province_code
order by plan_revision.saved_at desc, plan.plan_id asc
