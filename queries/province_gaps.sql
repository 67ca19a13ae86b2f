-- province_gaps.sql
-- Grain: one row (the province in the year); no row when the province is not in the set.
-- Params: $unit_set VARCHAR, $year INTEGER, $province_code VARCHAR, $metric VARCHAR
-- A null $province_code gives one row per unit of the set (ordered by unit): the app reads
-- them once per data version and year and picks a unit's row per interaction.
-- Every gap_to_* = the other score - this province's score, so > 0 means the province is
-- behind by that much (0–1 scale). A gap is null where either score is not known.
-- "Just above" is the rank group immediately better; "just below" immediately worse.
-- gap_to_region_best exists only where every unit of the year has a score; region_best_province_names
-- and region_best_rank name who holds the region's best score (ties: every holder, alphabetical).
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
    where unit.unit_set = $unit_set and ($province_code is null or unit.unit_code = $province_code)
),

neighbour_ranks as (
    -- each unit's rank group just above and just below (null at either end, or without a rank)
    select
        target.unit_code,
        max(field.rank) filter (where field.rank < target.rank) as above_rank,
        min(field.rank) filter (where field.rank > target.rank) as below_rank
    from target
    cross join field
    group by target.unit_code
),

rank_groups as (
    -- the units sharing each rank, as a gap compares with them: the group just above with its
    -- lowest score (least_score), the group just below and the leader with their highest
    select
        rank,
        string_agg(unit_name, ', ' order by unit_name) as province_names,
        min(score) as least_score,
        max(score) as greatest_score
    from field
    where rank is not null
    group by rank
),

region_best as (
    select
        region_id,
        max(score) as score
    from field
    where is_score_complete
    group by region_id
),

region_best_holders as (
    -- who holds each region's best score (ties share it), and their rank
    select
        field.region_id,
        string_agg(field.unit_name, ', ' order by field.unit_name) as province_names,
        min(field.rank) as rank
    from field
    inner join region_best on field.region_id = region_best.region_id and field.score = region_best.score
    group by field.region_id
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
    region_best_holders.province_names as region_best_province_names,
    region_best_holders.rank as region_best_rank,
    region_best.score as region_best_score,
    round(region_best.score - target.score, 4) as gap_to_region_best
from target
left join neighbour_ranks on target.unit_code = neighbour_ranks.unit_code
left join rank_groups as above on neighbour_ranks.above_rank = above.rank
left join rank_groups as below on neighbour_ranks.below_rank = below.rank
left join rank_groups as leader on leader.rank = 1
left join region_best on target.region_id = region_best.region_id
left join region_best_holders on target.region_id = region_best_holders.region_id
left join facts on true
order by target.unit_code
