-- region_summaries.sql
-- Grain: one row per socio-economic region of the unit set (regions exist in p63 only).
-- Params: $unit_set VARCHAR, $year INTEGER, $metric VARCHAR
-- best_rank: the best (smallest) rank in the region; rank 1 = best.
-- mean_score only where every unit of the year has a score (else null: not enough data).
with
field as (
    select
        unit.unit_code,
        unit.unit_name,
        unit.region_id,
        unit.region_name,
        metric_rank.score,
        metric_rank.rank,
        coalesce(metric_rank.is_score_complete, false) as is_score_complete
    from unit
    left join metric_rank
        on
            unit.unit_set = metric_rank.unit_set
            and unit.unit_code = metric_rank.unit_code
            and metric_rank.year = $year
            and metric_rank.metric = $metric
    where unit.unit_set = $unit_set and unit.region_id is not null
)

select
    region_id,
    region_name,
    count(*) as province_count,
    count(rank) as ranked_count,
    count(score) as scored_count,
    min(rank) as best_rank,
    arg_min(unit_name, rank) as best_province_name,
    case when count(rank) = count(*) then avg(rank) end as mean_rank,
    case when bool_and(is_score_complete) then avg(score) end as mean_score
from field
group by region_id, region_name
order by region_id
