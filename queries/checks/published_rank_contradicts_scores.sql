-- published_rank_contradicts_scores.sql
-- Grain: one row per (unit set, year, metric, unit) whose published rank differs from the
-- rank its complete scores give under the official tie rule; a version with any is refused.
-- Not counted: a computed rank within the rounding bound of a neighbour's, and pillars
-- computed by the QĐ 922 formula (the data tests check those against published pillar ranks:
-- an imported total must not be refused over a press rank).
-- Params: none
select
    unit_set,
    year,
    metric,
    unit_code,
    format(
        '{} {} {}: tỉnh {} có thứ hạng công bố {} nhưng điểm số cho thứ hạng {}',
        unit_set, year, metric, unit_code, published_rank, computed_rank
    ) as problem
from metric_rank
where
    computed_rank is not null
    and published_rank is not null
    and computed_rank <> published_rank
    and not is_computed_rank_uncertain
    and (unit_set, year, metric) not in (
        select (unit_set, year, metric) from score_bound
        where rule = 'qd922_pillar'
    )
order by unit_set, year, metric, unit_code
