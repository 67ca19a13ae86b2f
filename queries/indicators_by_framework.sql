-- indicators_by_framework.sql
-- Grain: one row per indicator of every framework (total, groups, pillars, main indices).
-- Params: none
-- points: the indicator's weight in points; null where the weight is not public (QĐ 405).
-- years: "2021-2023", or "2024-" for a framework still in force.
select
    indicator.framework,
    framework.decision,
    framework.first_year || '-' || coalesce(cast(framework.last_year as varchar), '') as years,
    indicator.indicator_code as code,
    indicator.parent_code as parent,
    indicator.indicator_level as level,  -- noqa: RF04
    indicator.name_vi,
    indicator.name_en,
    indicator.points,
    indicator.is_scored,
    indicator.component_count,
    indicator.note
from indicator
inner join framework on indicator.framework = framework.framework
order by framework.first_year, indicator.framework
