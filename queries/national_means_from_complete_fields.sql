-- national_means_from_complete_fields.sql
-- Grain: one row per (unit set, year, metric) whose scores are complete (every unit of the set
-- has one) and for which no mean is published (a published mean always wins).
-- Params: none
-- mean_score: the plain mean of the stored scores (0–1), rounded to 4 decimals as published
-- means are; computed_count: how many of those scores are themselves computed.
with
set_sizes as (
    select
        unit_set,
        count(*) as unit_count
    from unit
    group by unit_set
),

fields as (
    select
        unit_set,
        year,
        metric,
        count(*) as scored_count,
        count(*) filter (where provenance = 'computed') as computed_count,
        avg(value) as mean_value
    from dti_value
    where measure = 'score'
    group by unit_set, year, metric
)

select
    fields.unit_set,
    fields.year,
    fields.metric,
    round(fields.mean_value, 4) as mean_score,
    fields.scored_count,
    fields.computed_count
from fields
inner join set_sizes on fields.unit_set = set_sizes.unit_set
where
    fields.scored_count = set_sizes.unit_count
    and not exists (
        select 1
        from national_stat
        where
            national_stat.statistic = 'mean'
            and national_stat.unit_set = fields.unit_set
            and national_stat.year = fields.year
            and national_stat.metric = fields.metric
    )
order by fields.unit_set, fields.year, fields.metric
