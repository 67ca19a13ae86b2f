-- province_scores_for_year.sql
-- Grain: one row per metric with a stored score for the province in the year
-- (the total dti, the pillars cqs/kts/xhs and the main indices, by indicator code).
-- Params: $unit_set VARCHAR, $year INTEGER, $province_code VARCHAR
-- score: 0–1 as stored; provenance as in dti_value.
select
    metric,
    value as score,
    provenance as score_provenance
from dti_value
where
    unit_set = $unit_set
    and year = $year
    and unit_code = $province_code
    and measure = 'score'
order by metric
