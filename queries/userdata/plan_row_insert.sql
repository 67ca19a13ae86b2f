-- plan_row_insert.sql
-- Grain: writes one row of one revision of a plan.
-- Params: $plan_id VARCHAR, $revision INTEGER, $position INTEGER, $row_id VARCHAR, $main_index VARCHAR, $component VARCHAR, $owner VARCHAR, $co_owners VARCHAR, $current_value DOUBLE, $target_value DOUBLE, $deadline DATE, $status VARCHAR, $note VARCHAR
-- row_id stays the same across revisions (progress entries refer to it); component null = the main index itself.
insert into plan_row (
    plan_id, revision, position, row_id, main_index, component, owner, co_owners,
    current_value, target_value, deadline, status, note
)
values (
    $plan_id, $revision, $position, $row_id, $main_index, $component, $owner, $co_owners,
    $current_value, $target_value, $deadline, $status, $note
)
