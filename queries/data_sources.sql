-- data_sources.sql
-- Grain: one row per source, with how many stored values cite it.
-- Params: none
-- tier_order: 1 = most trusted (official dti.gov.vn) ... 5 = compilation, a third-party copy of
-- an official table; the more trusted wins a disagreement. tier_label: the tier in Vietnamese.
-- value_count: values the source gives directly; computed_input_count: computed values (pillars,
-- 34-unit values) that use one of its values; national_stat_count: national means and indices.
with
direct_counts as (
    select
        source_url,
        count(*) as value_count
    from dti_value
    where source_url is not null
    group by source_url
),

input_counts as (
    select
        source_url,
        count(*) as computed_input_count
    from computed_value_source
    group by source_url
),

national_counts as (
    select
        source_url,
        count(*) as national_stat_count
    from national_stat
    where source_url is not null
    group by source_url
)

select
    data_source.source_id,
    data_source.publisher,
    data_source.title,
    data_source.url,
    data_source.gave,
    data_source.tier,
    source_tier.tier_order,
    source_tier.label_vi as tier_label,
    coalesce(direct_counts.value_count, 0) as value_count,
    coalesce(input_counts.computed_input_count, 0) as computed_input_count,
    coalesce(national_counts.national_stat_count, 0) as national_stat_count
from data_source
left join source_tier on data_source.tier = source_tier.tier
left join direct_counts on data_source.url = direct_counts.source_url
left join input_counts on data_source.url = input_counts.source_url
left join national_counts on data_source.url = national_counts.source_url
order by
    source_tier.tier_order asc,
    value_count desc,
    data_source.source_id asc
