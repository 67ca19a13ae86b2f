-- national_means_from_complete_fields.sql
-- Grain: one row per (unit set, year, metric) whose scores are complete (every unit of the set
-- has one) and for which the view national_mean shows no published mean (the view is where a
-- published mean wins; this query only skips the fields it would hide).
-- Params: none
-- mean_score: the plain mean of the stored scores (0–1), rounded to 4 decimals as published
-- means are; computed_count: how many of those scores are themselves computed.
with
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
),

published_means as (
    select
        unit_set,
        year,
        metric
    from national_mean
    where provenance = 'published'
)

select
    fields.unit_set,
    fields.year,
    fields.metric,
    round(fields.mean_value, 4) as mean_score,
    fields.scored_count,
    fields.computed_count
from fields
inner join unit_set_size as set_sizes on fields.unit_set = set_sizes.unit_set
anti join published_means
    on
        fields.unit_set = published_means.unit_set
        and fields.year = published_means.year
        and fields.metric = published_means.metric
where fields.scored_count = set_sizes.unit_count
order by fields.unit_set, fields.year, fields.metric
