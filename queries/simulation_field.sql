-- simulation_field.sql
-- Grain: one row per unit of the set, for the year and metric (the field a simulation ranks in).
-- Params: $unit_set VARCHAR, $year INTEGER, $metric VARCHAR
-- score: 0–1 as stored (null where no source gives it); rank: the rank that counts
-- (published, else computed from a complete field), 1 = best, ties share a rank (rank()).
-- Units without any value in the year still appear, with null score and rank.
with
field as (
    select
        unit_code,
        score,
        score_provenance,
        rank,
        rank_provenance
    from metric_rank
    where unit_set = $unit_set and year = $year and metric = $metric
)

select
    unit.unit_code as province_code,
    unit.unit_name as province_name,
    unit.region_id,
    unit.region_name,
    field.score,
    field.score_provenance,
    field.rank,
    field.rank_provenance
from unit
left join field on unit.unit_code = field.unit_code
where unit.unit_set = $unit_set
order by field.rank nulls last, unit.unit_code
