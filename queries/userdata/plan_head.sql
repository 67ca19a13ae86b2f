-- plan_head.sql
-- Grain: one row per plan (zero or one row): the plan and its latest revision.
-- Params: $plan_id VARCHAR
select
    plan.plan_id,
    plan.unit_set,
    plan.province_code,
    plan.base_year,
    plan.target_year,
    plan.source_kind,
    plan.source_ref,
    plan.created_at,
    plan.created_by,
    plan_revision.revision,
    plan_revision.title,
    plan_revision.saved_at,
    plan_revision.saved_by,
    plan_revision.change_note
from plan
inner join plan_revision on plan.plan_id = plan_revision.plan_id
where plan.plan_id = $plan_id
order by plan_revision.revision desc
limit 1
