-- province_gaps.sql
-- Grain: one row (the province in the year); no row when the province is not in the set.
-- Params: $unit_set VARCHAR, $year INTEGER, $province_code VARCHAR, $metric VARCHAR
-- Every gap_to_* = the other score - this province's score, so > 0 means the province is
-- behind by that much (0–1 scale). A gap is null where either score is not known.
-- "Just above" is the rank group immediately better; "just below" immediately worse.
-- gap_to_region_best exists only where every unit of the year has a score.
-- is_rank_uncertain: the province's rank is computed and within the rounding bound of a
-- neighbour's (show "≈12"); national_mean_provenance: published or computed.
with
field as (
    select
        metric_rank.*,
        unit.unit_name,
        unit.region_id
    from metric_rank
    inner join unit
        on metric_rank.unit_set = unit.unit_set and metric_rank.unit_code = unit.unit_code
    where metric_rank.unit_set = $unit_set and metric_rank.year = $year and metric_rank.metric = $metric
),

target as (
    select
        unit.unit_code,
        unit.unit_name,
        unit.region_id,
        field.score,
        field.score_provenance,
        field.rank,
        field.rank_provenance,
        coalesce(field.is_rank_uncertain, false) as is_rank_uncertain
    from unit
    left join field on unit.unit_code = field.unit_code
    where unit.unit_set = $unit_set and unit.unit_code = $province_code
),

neighbour_ranks as (
    select
        max(field.rank) filter (where field.rank < target.rank) as above_rank,
        min(field.rank) filter (where field.rank > target.rank) as below_rank
    from field
    cross join target
),

rank_groups as (
    -- the units sharing each rank that a gap compares with: just above, just below, the leader;
    -- above compares with its lowest score (least_score), below and the leader with their highest
    select
        field.rank,
        string_agg(field.unit_name, ', ' order by field.unit_name) as province_names,
        min(field.score) as least_score,
        max(field.score) as greatest_score
    from field
    inner join neighbour_ranks
        on field.rank in (neighbour_ranks.above_rank, neighbour_ranks.below_rank, 1)
    group by field.rank
),

region_best as (
    select max(field.score) as score
    from field, target
    where field.region_id = target.region_id and field.is_score_complete
),

facts as (
    select
        top_ten_cutoff_score,
        national_mean,
        national_mean_provenance
    from metric_year_facts
    where unit_set = $unit_set and year = $year and metric = $metric
)

select
    target.unit_code as province_code,
    target.unit_name as province_name,
    target.score,
    target.score_provenance,
    target.rank,
    target.rank_provenance,
    target.is_rank_uncertain,
    above.province_names as above_province_names,
    above.rank as above_rank,
    above.least_score as above_score,
    round(above.least_score - target.score, 4) as gap_to_province_above,
    below.province_names as below_province_names,
    below.rank as below_rank,
    below.greatest_score as below_score,
    round(below.greatest_score - target.score, 4) as gap_to_province_below,
    facts.top_ten_cutoff_score,
    round(facts.top_ten_cutoff_score - target.score, 4) as gap_to_top_ten,
    leader.province_names as leader_province_names,
    leader.greatest_score as leader_score,
    round(leader.greatest_score - target.score, 4) as gap_to_leader,
    facts.national_mean,
    facts.national_mean_provenance,
    round(facts.national_mean - target.score, 4) as gap_to_national_mean,
    region_best.score as region_best_score,
    round(region_best.score - target.score, 4) as gap_to_region_best
from target
cross join neighbour_ranks
left join rank_groups as above on neighbour_ranks.above_rank = above.rank
left join rank_groups as below on neighbour_ranks.below_rank = below.rank
left join rank_groups as leader on leader.rank = 1
cross join region_best
left join facts on true
