-- database_facts.sql
-- Grain: one row per fact recorded in this database version (version, built_at, last import).
-- Params: none
select
    database_info.info_key,
    database_info.info_value
from database_info
order by database_info.info_key
