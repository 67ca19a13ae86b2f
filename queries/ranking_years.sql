-- ranking_years.sql
-- Grain: one row per assessed year of the unit set for the metric.
-- Params: $unit_set VARCHAR, $metric VARCHAR
-- is_rank_complete: every unit of the set has a rank; is_score_complete: every unit has a score.
-- uncertain_rank_count: computed ranks within the rounding bound of a neighbour's;
-- national_mean_provenance: published, or computed from a complete field.
select
    year,
    framework,
    decision,
    unit_count,
    ranked_count,
    scored_count,
    is_rank_complete,
    is_score_complete,
    coalesce(uncertain_rank_count, 0) as uncertain_rank_count,
    national_mean,
    national_mean_provenance
from metric_year_facts
where unit_set = $unit_set and metric = $metric and has_values and framework is not null
order by year
