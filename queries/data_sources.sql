-- data_sources.sql
-- Grain: one row per source, with how many stored values cite it.
-- Params: none
-- tier: official dti.gov.vn > gov.vn portal > press (the more trusted wins a disagreement).
select
    data_source.source_id,
    data_source.publisher,
    data_source.url,
    data_source.gave,
    data_source.tier,
    count(dti_value.value) as value_count
from data_source
left join dti_value on data_source.url = dti_value.source_url
group by
    data_source.source_id, data_source.publisher, data_source.url, data_source.gave, data_source.tier
order by
    case data_source.tier when 'official dti.gov.vn' then 1 when 'gov.vn portal' then 2 else 3 end asc,
    value_count desc,
    data_source.source_id asc
