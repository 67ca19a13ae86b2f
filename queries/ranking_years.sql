-- ranking_years.sql
-- Grain: one row per assessed year of the unit set for the metric.
-- Params: $unit_set VARCHAR, $metric VARCHAR
-- is_rank_complete: every unit of the set has a rank; is_score_complete: every unit has a score.
select
    year,
    framework,
    decision,
    unit_count,
    ranked_count,
    scored_count,
    is_rank_complete,
    is_score_complete,
    national_mean
from metric_year_facts
where unit_set = $unit_set and metric = $metric and has_values and framework is not null
order by year
