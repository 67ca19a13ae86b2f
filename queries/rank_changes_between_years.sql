-- rank_changes_between_years.sql
-- Grain: one row per unit of the set.
-- Params: $unit_set VARCHAR, $metric VARCHAR, $from_year INTEGER, $to_year INTEGER
-- rank 1 = best; rank_change = from_rank - to_rank, so > 0 means moved up; null when
-- either rank is missing. Ties share a rank (rank(), not dense_rank()).
-- is_comparable = false when the two years use different assessment methods.
-- is_*_rank_uncertain: a computed rank within the rounding bound of a neighbour's ("≈12").
with
ranks as (
    select
        metric_rank.unit_code,
        metric_rank.year,
        metric_rank.rank,
        metric_rank.rank_provenance,
        metric_rank.is_rank_uncertain,
        year_framework.framework
    from metric_rank
    inner join year_framework on metric_rank.year = year_framework.year
    where metric_rank.unit_set = $unit_set and metric_rank.metric = $metric
),

from_ranks as (
    select * from ranks
    where year = $from_year
),

to_ranks as (
    select * from ranks
    where year = $to_year
),

frameworks as (
    select
        (
            select framework from year_framework
            where year = $from_year
        ) as from_framework,
        (
            select framework from year_framework
            where year = $to_year
        ) as to_framework
)

select
    unit.unit_code as province_code,
    unit.unit_name as province_name,
    unit.region_name,
    from_ranks.rank as from_rank,
    to_ranks.rank as to_rank,
    from_ranks.rank - to_ranks.rank as rank_change,
    from_ranks.rank_provenance as from_rank_provenance,
    to_ranks.rank_provenance as to_rank_provenance,
    coalesce(from_ranks.is_rank_uncertain, false) as is_from_rank_uncertain,
    coalesce(to_ranks.is_rank_uncertain, false) as is_to_rank_uncertain,
    frameworks.from_framework = frameworks.to_framework as is_comparable
from unit
cross join frameworks
left join from_ranks on unit.unit_code = from_ranks.unit_code
left join to_ranks on unit.unit_code = to_ranks.unit_code
where unit.unit_set = $unit_set
order by rank_change desc nulls last, to_rank asc nulls last, unit.unit_name asc
