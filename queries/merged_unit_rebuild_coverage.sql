-- merged_unit_rebuild_coverage.sql
-- Grain: one row per (year, metric) assessed in the former unit set: can the merged unit's value
-- be rebuilt as the mean of its former provinces' values, and if not, which ones lack a value.
-- Params: $from_unit_set VARCHAR, $to_unit_set VARCHAR, $province_code VARCHAR
-- rebuild_status: 'published' (the merged unit's own value, which always wins), 'computed' (the
-- mean of every former province's value), 'not_rebuilt' (missing_former_names lack a value).
-- merged_rank exists only where every merged unit has a score (is_field_complete).
with
formers as (
    select
        unit_succession.from_unit_code as unit_code,
        unit.unit_name
    from unit_succession
    inner join unit
        on unit_succession.from_unit_set = unit.unit_set and unit_succession.from_unit_code = unit.unit_code
    where
        unit_succession.from_unit_set = $from_unit_set
        and unit_succession.to_unit_set = $to_unit_set
        and unit_succession.to_unit_code = $province_code
),

assessed as (
    select distinct
        year,
        metric
    from dti_value
    where unit_set = $from_unit_set and measure = 'score'
),

former_scores as (
    select
        assessed.year,
        assessed.metric,
        formers.unit_name,
        former_value.value
    from assessed
    cross join formers
    left join dti_value as former_value
        on
            formers.unit_code = former_value.unit_code
            and assessed.year = former_value.year
            and assessed.metric = former_value.metric
            and former_value.unit_set = $from_unit_set
            and former_value.measure = 'score'
),

coverage as (
    select
        year,
        metric,
        count(*) as former_count,
        count(value) as former_with_score,
        string_agg(unit_name, ', ' order by unit_name) filter (where value is null) as missing_former_names
    from former_scores
    group by year, metric
)

select
    coverage.year,
    coverage.metric,
    coverage.former_count,
    coverage.former_with_score,
    coverage.missing_former_names,
    merged.score as merged_score,
    merged.score_provenance as merged_score_provenance,
    merged.rank as merged_rank,
    merged.rank_provenance as merged_rank_provenance,
    coalesce(merged.is_rank_uncertain, false) as is_merged_rank_uncertain,
    coalesce(merged.is_score_complete, false) as is_field_complete,
    case
        when merged.score is null then 'not_rebuilt'
        when merged.score_provenance = 'computed' then 'computed'
        else 'published'
    end as rebuild_status
from coverage
left join metric_rank as merged
    on
        merged.unit_set = $to_unit_set
        and merged.unit_code = $province_code
        and coverage.year = merged.year
        and coverage.metric = merged.metric
order by coverage.year, coverage.metric
