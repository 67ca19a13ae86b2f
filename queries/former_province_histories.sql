-- former_province_histories.sql
-- Grain: one row per (year, unit) for a merged unit and each of its former provinces, in every
-- year assessed in either unit set for the metric; a unit without a value in a year has nulls.
-- Params: $from_unit_set VARCHAR, $to_unit_set VARCHAR, $province_code VARCHAR, $metric VARCHAR
-- $province_code is the merged unit's code in $to_unit_set. rank 1 = best, within the unit's own
-- set (unit_count units); is_rank_uncertain: a computed rank within the rounding bound of a
-- neighbour's ("≈12"); score_provenance 'computed' on the merged unit = mean of the former values.
with
formers as (
    select from_unit_code as unit_code
    from unit_succession
    where
        from_unit_set = $from_unit_set
        and to_unit_set = $to_unit_set
        and to_unit_code = $province_code
),

members as (
    select
        $to_unit_set as unit_set,
        $province_code as unit_code,
        true as is_merged_unit
    union all
    select
        $from_unit_set as unit_set,
        unit_code,
        false as is_merged_unit
    from formers
),

assessed_years as (
    select distinct year
    from dti_value
    where metric = $metric and unit_set in ($from_unit_set, $to_unit_set)
)

select
    assessed_years.year,
    members.unit_set,
    members.unit_code as province_code,
    unit.unit_name as province_name,
    members.is_merged_unit,
    metric_rank.score,
    metric_rank.score_provenance,
    metric_rank.rank,
    metric_rank.rank_provenance,
    coalesce(metric_rank.is_rank_uncertain, false) as is_rank_uncertain,
    set_sizes.unit_count
from assessed_years
cross join members
inner join unit on members.unit_set = unit.unit_set and members.unit_code = unit.unit_code
inner join unit_set_size as set_sizes on members.unit_set = set_sizes.unit_set
left join metric_rank
    on
        members.unit_set = metric_rank.unit_set
        and members.unit_code = metric_rank.unit_code
        and assessed_years.year = metric_rank.year
        and metric_rank.metric = $metric
order by assessed_years.year asc, members.is_merged_unit desc, unit.unit_name asc
