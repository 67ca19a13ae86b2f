-- ranking_for_year.sql
-- Grain: one row per unit of the set (every province, with or without a value).
-- Params: $unit_set VARCHAR, $year INTEGER, $metric VARCHAR
-- rank: the published rank, else the rank computed from scores where every unit has one
-- (rank(): ties share a rank, "15, 15, 17"). rank 1 = best.
-- rank_change = previous_rank - rank against the previous assessed year, so > 0 means
-- moved up; null when either year lacks a rank. is_comparable = false across a method change.
-- is_rank_uncertain: a computed rank whose score (or a neighbour's) is computed and lies within
-- the rounding bound of a neighbour's, so the official rank may differ: show it as "≈12".
-- *_provenance: published | derived | imported | computed, as in dti_value (computed: tính lại).
with
units as (
    select
        unit_code,
        unit_name,
        region_id,
        region_name
    from unit
    where unit_set = $unit_set
),

this_year as (
    select *
    from metric_rank_history
    where unit_set = $unit_set and year = $year and metric = $metric
),

pillars as (
    select
        unit_code,
        max(case when metric = 'cqs' then rank end) as cqs_rank,
        max(case when metric = 'kts' then rank end) as kts_rank,
        max(case when metric = 'xhs' then rank end) as xhs_rank,
        max(case when metric = 'cqs' then score end) as cqs_score,
        max(case when metric = 'kts' then score end) as kts_score,
        max(case when metric = 'xhs' then score end) as xhs_score,
        max(case when metric = 'cqs' then rank_provenance end) as cqs_rank_provenance,
        max(case when metric = 'kts' then rank_provenance end) as kts_rank_provenance,
        max(case when metric = 'xhs' then rank_provenance end) as xhs_rank_provenance,
        bool_or(metric = 'cqs' and is_rank_uncertain) as is_cqs_rank_uncertain,
        bool_or(metric = 'kts' and is_rank_uncertain) as is_kts_rank_uncertain,
        bool_or(metric = 'xhs' and is_rank_uncertain) as is_xhs_rank_uncertain,
        max(case when metric = 'cqs' then score_provenance end) as cqs_score_provenance,
        max(case when metric = 'kts' then score_provenance end) as kts_score_provenance,
        max(case when metric = 'xhs' then score_provenance end) as xhs_score_provenance
    from metric_rank
    where unit_set = $unit_set and year = $year and metric in ('cqs', 'kts', 'xhs')
    group by unit_code
)

select
    units.unit_code as province_code,
    units.unit_name as province_name,
    units.region_id,
    units.region_name,
    this_year.score,
    this_year.score_provenance,
    this_year.rank,
    this_year.rank_provenance,
    coalesce(this_year.is_rank_uncertain, false) as is_rank_uncertain,
    this_year.score_half_width,
    this_year.published_rank,
    this_year.computed_rank,
    this_year.previous_year,
    this_year.previous_rank,
    this_year.rank_change,
    this_year.is_comparable,
    pillars.cqs_rank,
    pillars.kts_rank,
    pillars.xhs_rank,
    pillars.cqs_score,
    pillars.kts_score,
    pillars.xhs_score,
    pillars.cqs_rank_provenance,
    pillars.kts_rank_provenance,
    pillars.xhs_rank_provenance,
    coalesce(pillars.is_cqs_rank_uncertain, false) as is_cqs_rank_uncertain,
    coalesce(pillars.is_kts_rank_uncertain, false) as is_kts_rank_uncertain,
    coalesce(pillars.is_xhs_rank_uncertain, false) as is_xhs_rank_uncertain,
    pillars.cqs_score_provenance,
    pillars.kts_score_provenance,
    pillars.xhs_score_provenance,
    count(*) over () as unit_count
from units
left join this_year on units.unit_code = this_year.unit_code
left join pillars on units.unit_code = pillars.unit_code
order by this_year.rank asc nulls last, this_year.score desc nulls last, units.unit_name asc
