-- merged_unit_values.sql
-- Grain: one row per (year, merged unit, metric) where every former unit has a score and
-- the merged unit has no value of its own for that key (a published value always wins).
-- Params: $from_unit_set VARCHAR, $to_unit_set VARCHAR
-- The official rule (QĐ 405, used for the 34 units of 2024): a merged unit's value is the
-- average of its former provinces' values. Totals and pillars are linear in the main
-- indices, so the average of the totals equals the weighted total of the averaged main
-- indices; is_total_only marks totals rebuilt where no main index is known.
-- half_width bounds |true - stored| (score_bound): the mean of the former values' bounds (a
-- published value: 0.00005, it is rounded to 4 decimals) + 0.00005 for storing at 4 decimals.
-- source_urls: the sources of the former values (of their inputs where a former value is computed).
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
        dti_value.unit_code as from_unit_code,
        coalesce(score_bound.half_width, 0.00005) as half_width
    from dti_value
    inner join successions on dti_value.unit_code = successions.from_unit_code
    left join score_bound
        on
            dti_value.unit_set = score_bound.unit_set
            and dti_value.year = score_bound.year
            and dti_value.unit_code = score_bound.unit_code
            and dti_value.metric = score_bound.metric
    where dti_value.unit_set = $from_unit_set and dti_value.measure = 'score'
),

former_sources as (
    select
        dti_value.year,
        successions.to_unit_code,
        dti_value.metric,
        dti_value.source_url
    from dti_value
    inner join successions on dti_value.unit_code = successions.from_unit_code
    where
        dti_value.unit_set = $from_unit_set and dti_value.measure = 'score'
        and dti_value.source_url is not null
    union
    select
        computed_value_source.year,
        successions.to_unit_code,
        computed_value_source.metric,
        computed_value_source.source_url
    from computed_value_source
    inner join successions on computed_value_source.unit_code = successions.from_unit_code
    where computed_value_source.unit_set = $from_unit_set and computed_value_source.measure = 'score'
),

source_lists as (
    select
        year,
        to_unit_code,
        metric,
        list(source_url order by source_url) as source_urls
    from former_sources
    group by year, to_unit_code, metric
),

averaged as (
    select
        former_scores.year,
        former_scores.to_unit_code,
        former_scores.metric,
        round(avg(former_scores.value), 4) as score,
        avg(former_scores.half_width) + 0.00005 as half_width,
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
    averaged.half_width,
    averaged.former_codes,
    source_lists.source_urls,
    averaged.metric = 'dti' and main_index_years.year is null as is_total_only
from averaged
inner join former_counts on averaged.to_unit_code = former_counts.to_unit_code
left join source_lists
    on
        averaged.year = source_lists.year
        and averaged.to_unit_code = source_lists.to_unit_code
        and averaged.metric = source_lists.metric
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
