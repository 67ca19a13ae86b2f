-- province_sources.sql
-- Grain: one row per (year, source) behind the province's stored values, plus the source of
-- each year's published national mean (what the briefing and the exports cite).
-- Params: $unit_set VARCHAR, $province_code VARCHAR
-- cited_for: 'province' (the province's own values) or 'national_mean'; publisher falls back
-- to the host of the URL where the source is not in data/sources.csv. Values without a URL
-- (computed from former provinces) count in computed_count and have a null url.
with
cited as (
    select
        dti_value.year,
        'province' as cited_for,
        dti_value.source_url as url,
        count(*) as value_count,
        count(*) filter (where dti_value.provenance = 'computed') as computed_count
    from dti_value
    where dti_value.unit_set = $unit_set and dti_value.unit_code = $province_code
    group by dti_value.year, dti_value.source_url
    union all
    select
        national_stat.year,
        'national_mean' as cited_for,
        national_stat.source_url as url,
        count(*) as value_count,
        0 as computed_count
    from national_stat
    where national_stat.unit_set = $unit_set and national_stat.statistic = 'mean'
    group by national_stat.year, national_stat.source_url
)

select
    cited.year,
    cited.cited_for,
    cited.url,
    coalesce(data_source.publisher, regexp_extract(cited.url, '^https?://(www\.)?([^/]+)', 2)) as publisher,
    data_source.tier,
    cited.value_count,
    cited.computed_count
from cited
left join data_source on cited.url = data_source.url
order by
    cited.year asc,
    cited.cited_for desc,
    case data_source.tier when 'official dti.gov.vn' then 1 when 'gov.vn portal' then 2 else 3 end asc,
    cited.value_count desc,
    publisher asc
