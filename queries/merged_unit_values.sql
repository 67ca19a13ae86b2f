-- merged_unit_values.sql
-- Grain: one row per (year, merged unit, metric) where every former unit has a score and
-- the merged unit has no value of its own for that key (a published value always wins).
-- Params: $from_unit_set VARCHAR, $to_unit_set VARCHAR
-- The official rule (QĐ 405, used for the 34 units of 2024): a merged unit's value is the
-- average of its former provinces' values. Totals and pillars are linear in the main
-- indices, so the average of the totals equals the weighted total of the averaged main
-- indices; is_total_only marks totals rebuilt where no main index is known.
with
successions as (
    select
        from_unit_code,
        to_unit_code
    from unit_succession
    where from_unit_set = $from_unit_set and to_unit_set = $to_unit_set
),

former_counts as (
    select
        to_unit_code,
        count(*) as former_count
    from successions
    group by to_unit_code
),

former_scores as (
    select
        dti_value.year,
        successions.to_unit_code,
        dti_value.metric,
        dti_value.value,
        dti_value.unit_code as from_unit_code
    from dti_value
    inner join successions on dti_value.unit_code = successions.from_unit_code
    where dti_value.unit_set = $from_unit_set and dti_value.measure = 'score'
),

averaged as (
    select
        former_scores.year,
        former_scores.to_unit_code,
        former_scores.metric,
        round(avg(former_scores.value), 4) as score,
        count(*) as former_with_value,
        string_agg(former_scores.from_unit_code, ',' order by former_scores.from_unit_code) as former_codes
    from former_scores
    group by former_scores.year, former_scores.to_unit_code, former_scores.metric
),

main_index_years as (
    select distinct
        year,
        to_unit_code
    from averaged
    where metric not in ('dti', 'cqs', 'kts', 'xhs')
)

select
    averaged.year,
    averaged.to_unit_code as unit_code,
    averaged.metric,
    averaged.score,
    averaged.former_codes,
    averaged.metric = 'dti' and main_index_years.year is null as is_total_only
from averaged
inner join former_counts on averaged.to_unit_code = former_counts.to_unit_code
left join main_index_years
    on averaged.year = main_index_years.year and averaged.to_unit_code = main_index_years.to_unit_code
where
    averaged.former_with_value = former_counts.former_count
    and not exists (
        select 1
        from dti_value as own
        where
            own.unit_set = $to_unit_set
            and own.year = averaged.year
            and own.unit_code = averaged.to_unit_code
            and own.metric = averaged.metric
            and own.measure = 'score'
    )
order by averaged.year, averaged.to_unit_code, averaged.metric
