-- ranking_years.sql
-- Grain: one row per assessed year of the unit set for the metric.
-- Params: $unit_set VARCHAR, $metric VARCHAR
-- is_rank_complete: every unit of the set has a rank; is_score_complete: every unit has a score.
with
set_size as (
    select count(*) as unit_count
    from unit
    where unit_set = $unit_set
),

years as (
    select
        year,
        count(rank) as ranked_count,
        count(score) as scored_count
    from metric_rank
    where unit_set = $unit_set and metric = $metric
    group by year
)

select
    years.year,
    framework.framework,
    framework.decision,
    set_size.unit_count,
    years.ranked_count,
    years.scored_count,
    years.ranked_count = set_size.unit_count as is_rank_complete,
    years.scored_count = set_size.unit_count as is_score_complete,
    national_stat.value as national_mean
from years
cross join set_size
inner join framework
    on years.year between framework.first_year and coalesce(framework.last_year, 9999)
left join national_stat
    on
        years.year = national_stat.year
        and national_stat.unit_set = $unit_set
        and national_stat.metric = $metric
        and national_stat.statistic = 'mean'
order by years.year
