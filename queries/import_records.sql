-- import_records.sql
-- Grain: one row per import committed into this database version, newest first;
-- undone_at: when it was undone (null while its values stand).
-- Params: none
-- new/changed/unchanged count values (one value = one province, metric and measure).
select
    import_record.import_id,
    import_record.file_name,
    import_record.file_sha256,
    import_record.unit_set,
    import_record.year,
    import_record.imported_by,
    import_record.imported_at,
    import_record.new_count,
    import_record.changed_count,
    import_record.unchanged_count,
    import_undo.undone_at,
    import_undo.undone_by
from import_record
left join import_undo on import_record.import_id = import_undo.import_id
order by import_record.import_id desc
