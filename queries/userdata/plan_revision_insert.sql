-- plan_revision_insert.sql
-- Grain: writes one revision of a plan; revisions are never updated or deleted.
-- Params: $plan_id VARCHAR, $revision INTEGER, $title VARCHAR, $saved_at TIMESTAMP, $saved_by VARCHAR, $change_note VARCHAR
insert into plan_revision (plan_id, revision, title, saved_at, saved_by, change_note)
values ($plan_id, $revision, $title, $saved_at, $saved_by, $change_note)
