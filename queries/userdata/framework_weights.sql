-- framework_weights.sql
-- Grain: one row per main index of the framework with entered points (none: no rows).
-- Params: $framework VARCHAR
select
    framework,
    code,
    points,
    source,
    entered_at,
    entered_by
from framework_weight
where framework = $framework
order by code
