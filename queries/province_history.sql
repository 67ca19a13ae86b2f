-- province_history.sql
-- Grain: one row per assessed year of the unit set (a year without a value for this
-- province still appears, with nulls, so charts show a gap instead of joining across it).
-- Params: $unit_set VARCHAR, $province_code VARCHAR, $metric VARCHAR
-- A null $province_code gives every unit's rows (ordered by unit, then year): the app reads all
-- of them once per data version and picks a unit's rows per interaction.
-- rank_change = previous_rank - rank against the previous assessed year (> 0 = moved up);
-- null when either rank is missing; is_comparable = false across a method change.
-- top_ten_cutoff_score: the score of the last province inside the top ten (null if unknown);
-- top_ten_cutoff_names: who holds that last rank (ties: all, alphabetical), and
-- top_ten_cutoff_provenance the provenance of the cut-off score (the least one's).
-- is_rank_uncertain: a computed rank within the rounding bound of a neighbour's (show "≈12");
-- national_mean_provenance: published, or computed from a complete field where none is published.
with
top_ten_holders as (
    select
        metric_rank.year,
        metric_rank.rank,
        string_agg(unit.unit_name, ', ' order by unit.unit_name) as province_names,
        arg_min(metric_rank.score_provenance, metric_rank.score) as score_provenance
    from metric_rank
    inner join unit
        on metric_rank.unit_set = unit.unit_set and metric_rank.unit_code = unit.unit_code
    where metric_rank.unit_set = $unit_set and metric_rank.metric = $metric and metric_rank.rank <= 10
    group by metric_rank.year, metric_rank.rank
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
    facts.ranked_count,
    facts.scored_count,
    facts.national_mean,
    facts.national_mean_provenance,
    facts.top_ten_cutoff_score,
    top_ten_holders.province_names as top_ten_cutoff_names,
    top_ten_holders.score_provenance as top_ten_cutoff_provenance,
    facts.unit_count
from metric_rank_history as history
inner join unit
    on history.unit_set = unit.unit_set and history.unit_code = unit.unit_code
left join metric_year_facts as facts
    on
        history.unit_set = facts.unit_set
        and history.year = facts.year
        and history.metric = facts.metric
left join top_ten_holders
    on history.year = top_ten_holders.year and facts.top_ten_last_rank = top_ten_holders.rank
where
    history.unit_set = $unit_set
    and ($province_code is null or history.unit_code = $province_code)
    and history.metric = $metric
order by history.unit_code, history.year
