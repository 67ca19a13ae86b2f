-- uncertain_scores.sql
-- Grain: one row per (unit set, year, metric, unit) whose score's order against some other unit's
-- score of the same field is uncertain because one of them is computed (it has a score_bound).
-- Params: none
-- With bounds b (|true - stored| <= b), the higher score h and the lower l could round to the
-- same 4 decimals or swap when round(h - b_h, 4) <= round(l + b_l, 4): then both units' computed
-- ranks may differ from the official ones. A published score has bound 0.
with
value_scores as (
    select
        unit_set,
        year,
        metric,
        unit_code,
        value as score
    from dti_value
    where measure = 'score'
),

bounded_fields as (
    select distinct
        unit_set,
        year,
        metric
    from score_bound
),

bounded_scores as (
    -- every score of a field holding at least one computed (bounded) score
    select
        value_scores.unit_set,
        value_scores.year,
        value_scores.metric,
        value_scores.unit_code,
        value_scores.score,
        coalesce(score_bound.half_width, 0) as half_width
    from value_scores
    inner join bounded_fields
        on
            value_scores.unit_set = bounded_fields.unit_set
            and value_scores.year = bounded_fields.year
            and value_scores.metric = bounded_fields.metric
    left join score_bound
        on
            value_scores.unit_set = score_bound.unit_set
            and value_scores.year = score_bound.year
            and value_scores.unit_code = score_bound.unit_code
            and value_scores.metric = score_bound.metric
),

overlapping_pairs as (
    select
        higher.unit_set,
        higher.year,
        higher.metric,
        higher.unit_code as higher_code,
        lower_score.unit_code as lower_code
    from bounded_scores as higher
    inner join bounded_scores as lower_score
        on
            higher.unit_set = lower_score.unit_set
            and higher.year = lower_score.year
            and higher.metric = lower_score.metric
            and higher.unit_code <> lower_score.unit_code
            and higher.score >= lower_score.score
    where
        higher.half_width + lower_score.half_width > 0
        -- 1e-9 keeps a bound that lands on a rounding midpoint on the uncertain side
        and round(higher.score - higher.half_width - 1e-9, 4)
        <= round(lower_score.score + lower_score.half_width + 1e-9, 4)
),

uncertain_units as (
    select distinct
        unit_set,
        year,
        metric,
        unit_code
    from (
        select
            unit_set,
            year,
            metric,
            higher_code as unit_code
        from overlapping_pairs
        union all
        select
            unit_set,
            year,
            metric,
            lower_code as unit_code
        from overlapping_pairs
    ) as both_sides
)

select
    unit_set,
    year,
    metric,
    unit_code
from uncertain_units
order by unit_set, year, metric, unit_code
