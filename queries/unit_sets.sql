-- unit_sets.sql
-- Grain: one row per unit set of the version (bundled ones first, then those imports declared).
-- Params: none
-- unit_count = the units stored in the set; is_generated = generated test data, never published.
select
    unit_set.unit_set,
    unit_set.url_value,
    unit_set.unit_level,
    unit_set.name_vi as label_vi,
    unit_set.name_en as label_en,
    unit_set.noun_vi,
    unit_set.noun_en,
    cast(unit_set.valid_from as varchar) as valid_from,
    cast(unit_set.valid_to as varchar) as valid_to,
    unit_set.first_year,
    unit_set.last_year,
    unit_set.is_generated,
    unit_set.parent_unit_set,
    unit_set.parent_unit_code,
    coalesce(set_sizes.unit_count, 0) as unit_count
from unit_set
left join unit_set_size as set_sizes on unit_set.unit_set = set_sizes.unit_set
order by unit_set.import_id nulls first, unit_set.valid_from nulls first, unit_set.unit_set
