-- province_history.sql
-- Grain: one row per assessed year of the unit set (a year without a value for this
-- province still appears, with nulls, so charts show a gap instead of joining across it).
-- Params: $unit_set VARCHAR, $province_code VARCHAR, $metric VARCHAR
-- rank_change = previous_rank - rank against the previous assessed year (> 0 = moved up);
-- null when either rank is missing; is_comparable = false across a method change.
-- top_ten_cutoff_score: the score of the last province inside the top ten (null if unknown).
-- is_rank_uncertain: a computed rank within the rounding bound of a neighbour's (show "≈12");
-- national_mean_provenance: published, or computed from a complete field where none is published.
with
field_sizes as (
    select
        year,
        count(rank) as ranked_count,
        count(score) as scored_count
    from metric_rank
    where unit_set = $unit_set and metric = $metric
    group by year
),

top_ten_cutoffs as (
    -- the score of the last rank inside the top ten, where that score is known
    select
        year,
        min(score) filter (where rank = top_ten_last_rank) as top_ten_cutoff_score
    from (
        select
            year,
            score,
            rank,
            max(rank) filter (where rank <= 10) over (partition by year) as top_ten_last_rank
        from metric_rank
        where unit_set = $unit_set and metric = $metric
    ) as ranked
    group by year
),

set_size as (
    select count(*) as unit_count
    from unit
    where unit_set = $unit_set
),

national_means as (
    select
        year,
        value as national_mean,
        provenance as national_mean_provenance
    from national_mean
    where unit_set = $unit_set and metric = $metric
)

select
    history.year,
    history.framework,
    history.unit_code as province_code,
    unit.unit_name as province_name,
    history.score,
    history.score_provenance,
    history.rank,
    history.rank_provenance,
    coalesce(history.is_rank_uncertain, false) as is_rank_uncertain,
    history.score_half_width,
    history.previous_year,
    history.previous_rank,
    history.rank_change,
    history.is_comparable,
    field_sizes.ranked_count,
    field_sizes.scored_count,
    national_means.national_mean,
    national_means.national_mean_provenance,
    top_ten_cutoffs.top_ten_cutoff_score,
    set_size.unit_count
from metric_rank_history as history
inner join unit
    on history.unit_set = unit.unit_set and history.unit_code = unit.unit_code
left join field_sizes on history.year = field_sizes.year
left join national_means on history.year = national_means.year
left join top_ten_cutoffs on history.year = top_ten_cutoffs.year
cross join set_size
where
    history.unit_set = $unit_set
    and history.unit_code = $province_code
    and history.metric = $metric
order by history.year
