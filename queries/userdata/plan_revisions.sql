-- plan_revisions.sql
-- Grain: one row per revision of the plan, oldest first (the history a reviewer reads).
-- Params: $plan_id VARCHAR
-- row_count: rows in that revision.
select
    plan_revision.revision,
    plan_revision.title,
    plan_revision.saved_at,
    plan_revision.saved_by,
    plan_revision.change_note,
    count(plan_row.row_id) as row_count
from plan_revision
left join plan_row
    on
        plan_revision.plan_id = plan_row.plan_id
        and plan_revision.revision = plan_row.revision
where plan_revision.plan_id = $plan_id
group by
    plan_revision.revision,
    plan_revision.title,
    plan_revision.saved_at,
    plan_revision.saved_by,
    plan_revision.change_note
order by plan_revision.revision asc
