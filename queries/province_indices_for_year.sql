-- province_indices_for_year.sql
-- Grain: one row per pillar and main index of the year's assessment method (the index tree
-- of that framework), with the province's value where known.
-- Params: $unit_set VARCHAR, $year INTEGER, $province_code VARCHAR
-- A null $province_code gives those rows for every unit of the set (ordered by unit): the app
-- reads them once per data version and year and picks a unit's rows per interaction.
-- rank 1 = best; gap_to_national_mean = national mean - score (> 0 means below the mean).
-- points: the index's weight in the total; null where the weight is not public (QĐ 405).
-- is_rank_uncertain: a computed rank within the rounding bound of a neighbour's ("≈12");
-- national_mean_provenance: published, or computed from a complete field where none is published.
with
indices as (
    select
        indicator.indicator_code,
        indicator.indicator_level,
        indicator.name_vi,
        indicator.points,
        indicator.is_scored
    from indicator
    inner join year_framework on indicator.framework = year_framework.framework
    where year_framework.year = $year and indicator.indicator_level in ('pillar', 'main')
),

units as (
    -- the named code even when the set does not hold it (its rows then have no values)
    select $province_code as unit_code
    where $province_code is not null
    union all
    select unit_code
    from unit
    where unit_set = $unit_set and $province_code is null
),

values_for_province as (
    select *
    from metric_rank
    where
        unit_set = $unit_set
        and year = $year
        and ($province_code is null or unit_code = $province_code)
),

means as (
    select
        metric,
        value as national_mean,
        provenance as national_mean_provenance
    from national_mean
    where unit_set = $unit_set and year = $year
)

select
    units.unit_code as province_code,
    indices.indicator_code,
    indices.indicator_level,
    indices.name_vi,
    indices.points,
    indices.is_scored,
    values_for_province.score,
    values_for_province.score_provenance,
    values_for_province.rank,
    values_for_province.rank_provenance,
    coalesce(values_for_province.is_rank_uncertain, false) as is_rank_uncertain,
    values_for_province.score_half_width,
    means.national_mean,
    means.national_mean_provenance,
    round(means.national_mean - values_for_province.score, 4) as gap_to_national_mean
from units
cross join indices
left join values_for_province
    on units.unit_code = values_for_province.unit_code and indices.indicator_code = values_for_province.metric
left join means on indices.indicator_code = means.metric
order by
    units.unit_code asc, indices.indicator_level desc, indices.points desc nulls last, indices.name_vi asc
