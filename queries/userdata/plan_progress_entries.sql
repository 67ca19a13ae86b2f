-- plan_progress_entries.sql
-- Grain: one row per progress entry of the plan, by meeting date then time recorded.
-- Params: $plan_id VARCHAR
select
    progress_id,
    row_id,
    meeting_date,
    value,
    note,
    recorded_at,
    recorded_by
from plan_progress
where plan_id = $plan_id
order by meeting_date asc, recorded_at asc, progress_id asc
