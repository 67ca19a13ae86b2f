-- plan_rows_of_revision.sql
-- Grain: one row per plan row of one revision, in the planner's order.
-- Params: $plan_id VARCHAR, $revision INTEGER
select
    row_id,
    main_index,
    component,
    owner,
    co_owners,
    current_value,
    target_value,
    deadline,
    status,
    note
from plan_row
where plan_id = $plan_id and revision = $revision
order by position asc
