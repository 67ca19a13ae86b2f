-- plan_progress_insert.sql
-- Grain: writes one progress entry: a row's value recorded at a review meeting.
-- Params: $progress_id VARCHAR, $plan_id VARCHAR, $row_id VARCHAR, $meeting_date DATE, $value DOUBLE, $note VARCHAR, $recorded_at TIMESTAMP, $recorded_by VARCHAR
insert into plan_progress (progress_id, plan_id, row_id, meeting_date, value, note, recorded_at, recorded_by)
values ($progress_id, $plan_id, $row_id, $meeting_date, $value, $note, $recorded_at, $recorded_by)
