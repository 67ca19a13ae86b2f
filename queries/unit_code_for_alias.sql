-- unit_code_for_alias.sql
-- Grain: at most one row: the unit whose code or normalised name matches.
-- Params: $unit_set VARCHAR, $alias_key VARCHAR
-- alias_key is normalised by dti.names.alias_key (no diacritics, no "TP."/"Tỉnh" prefix).
select
    unit.unit_code as province_code,
    unit.unit_name as province_name
from unit
where
    unit.unit_set = $unit_set
    and (
        unit.unit_code = $alias_key
        or unit.unit_code in (
            select unit_alias.unit_code
            from unit_alias
            where unit_alias.unit_set = $unit_set and unit_alias.alias_key = $alias_key
        )
    )
