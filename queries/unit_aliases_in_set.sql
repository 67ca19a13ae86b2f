-- unit_aliases_in_set.sql
-- Grain: one row per accepted spelling (alias_key) of a unit of the set, codes included.
-- Params: $unit_set VARCHAR
-- alias_key is normalised by dti.names.alias_key; a unit's own code is also accepted.
select
    unit_alias.alias_key,
    unit_alias.unit_code as province_code
from unit_alias
where unit_alias.unit_set = $unit_set
order by unit_alias.alias_key
