-- unit_without_successor.sql
-- Grain: one row per unit of a set that was merged on 1/7/2025 (p63) without exactly one
-- successor in the new set, or per unit of the new set (p34) that succeeds no former unit.
-- Params: none
with
links as (
    select
        unit.unit_set,
        unit.unit_code,
        unit.unit_set in (select from_unit_set from unit_succession) as is_former,
        unit.unit_set in (select to_unit_set from unit_succession) as is_successor,
        count(distinct successor.to_unit_code) as successor_count,
        count(distinct predecessor.from_unit_code) as predecessor_count
    from unit
    left join unit_succession as successor
        on unit.unit_set = successor.from_unit_set and unit.unit_code = successor.from_unit_code
    left join unit_succession as predecessor
        on unit.unit_set = predecessor.to_unit_set and unit.unit_code = predecessor.to_unit_code
    group by unit.unit_set, unit.unit_code
)

select
    unit_set,
    unit_code,
    case
        when is_former and successor_count <> 1
            then format('{}: tỉnh {} có {} đơn vị kế thừa, cần đúng 1', unit_set, unit_code, successor_count)
        else format('{}: tỉnh {} không kế thừa tỉnh cũ nào', unit_set, unit_code)
    end as problem
from links
where (is_former and successor_count <> 1) or (is_successor and predecessor_count = 0)
order by unit_set, unit_code
