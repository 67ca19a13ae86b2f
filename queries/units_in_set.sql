-- units_in_set.sql
-- Grain: one row per unit of the set, with its successor in the other set where one exists
-- (p63 -> p34) and, for a p34 unit, the names of its former provinces.
-- Params: $unit_set VARCHAR
select
    unit.unit_code as province_code,
    unit.unit_name as province_name,
    unit.name_full,
    unit.region_id,
    unit.region_name,
    successor.to_unit_code as successor_code,
    (
        select string_agg(former.unit_name, ', ' order by former.unit_name)
        from unit_succession as merged
        inner join unit as former
            on merged.from_unit_set = former.unit_set and merged.from_unit_code = former.unit_code
        where merged.to_unit_set = unit.unit_set and merged.to_unit_code = unit.unit_code
    ) as former_province_names
from unit
left join unit_succession as successor
    on unit.unit_set = successor.from_unit_set and unit.unit_code = successor.from_unit_code
where unit.unit_set = $unit_set
order by unit.unit_name
