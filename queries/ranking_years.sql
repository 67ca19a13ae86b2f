-- ranking_years.sql
-- Grain: one row per assessed year of the unit set for the metric.
-- Params: $unit_set VARCHAR, $metric VARCHAR
-- is_rank_complete: every unit of the set has a rank; is_score_complete: every unit has a score.
-- uncertain_rank_count: computed ranks within the rounding bound of a neighbour's;
-- national_mean_provenance: published, or computed from a complete field.
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
        count(score) as scored_count,
        count(*) filter (where is_rank_uncertain) as uncertain_rank_count
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
    years.uncertain_rank_count,
    national_mean.value as national_mean,
    national_mean.provenance as national_mean_provenance
from years
cross join set_size
inner join framework
    on years.year between framework.first_year and coalesce(framework.last_year, 9999)
left join national_mean
    on
        years.year = national_mean.year
        and national_mean.unit_set = $unit_set
        and national_mean.metric = $metric
order by years.year
