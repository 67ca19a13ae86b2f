-- unit_without_successor.sql
-- Grain: one row per unit of a set that was merged on 1/7/2025 (p63) without exactly one
-- successor in the new set, or per unit of the new set (p34) that succeeds no former unit.
-- Params: none
with
successor_counts as (
    select
        unit.unit_set,
        unit.unit_code,
        count(successor.to_unit_code) as successor_count
    from unit
    left join unit_succession as successor
        on
            unit.unit_set = successor.from_unit_set
            and unit.unit_code = successor.from_unit_code
    where unit.unit_set in (select from_unit_set from unit_succession)
    group by unit.unit_set, unit.unit_code
),

predecessor_counts as (
    select
        unit.unit_set,
        unit.unit_code,
        count(predecessor.from_unit_code) as predecessor_count
    from unit
    left join unit_succession as predecessor
        on
            unit.unit_set = predecessor.to_unit_set
            and unit.unit_code = predecessor.to_unit_code
    where unit.unit_set in (select to_unit_set from unit_succession)
    group by unit.unit_set, unit.unit_code
)

select
    unit_set,
    unit_code,
    format('{}: tỉnh {} có {} đơn vị kế thừa, cần đúng 1', unit_set, unit_code, successor_count)
        as problem
from successor_counts
where successor_count <> 1
union all
select
    unit_set,
    unit_code,
    format('{}: tỉnh {} không kế thừa tỉnh cũ nào', unit_set, unit_code) as problem
from predecessor_counts
where predecessor_count = 0
order by unit_set, unit_code
