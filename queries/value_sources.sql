-- value_sources.sql
-- Grain: one row per (value, source) for the values of the unit set in the given years, units
-- and metrics: a published or derived value has one row (its source); a computed score has one
-- row per source of its inputs (is_input_source = true); an imported value names its import;
-- a computed rank (not stored: ranked from a complete field) has one row without a source.
-- Params: $unit_set VARCHAR, $years INTEGER[], $unit_codes VARCHAR[], $metrics VARCHAR[]
-- tier_order: 1 = most trusted (official dti.gov.vn) ... 5 = compilation; tier_label in Vietnamese.
with
wanted as (
    select *
    from dti_value
    where
        unit_set = $unit_set
        and list_contains($years, year)
        and list_contains($unit_codes, unit_code)
        and list_contains($metrics, metric)
),

computed_ranks as (
    select
        metric_rank.unit_set,
        metric_rank.year,
        metric_rank.unit_code,
        metric_rank.metric,
        'rank' as measure,
        metric_rank.rank as value,  -- noqa: RF04
        'computed' as provenance,
        'thứ hạng tính từ bảng điểm đầy đủ của năm (quy tắc xếp hạng chính thức)' as note,
        metric_rank.is_rank_uncertain
    from metric_rank
    where
        metric_rank.unit_set = $unit_set
        and metric_rank.rank_provenance = 'computed'
        and list_contains($years, metric_rank.year)
        and list_contains($unit_codes, metric_rank.unit_code)
        and list_contains($metrics, metric_rank.metric)
),

value_source_pairs as (
    select
        wanted.unit_set,
        wanted.year,
        wanted.unit_code,
        wanted.metric,
        wanted.measure,
        wanted.value,
        wanted.provenance,
        wanted.note,
        wanted.import_id,
        false as is_rank_uncertain,
        coalesce(wanted.source_url, computed_value_source.source_url) as source_url,
        computed_value_source.source_url is not null as is_input_source
    from wanted
    left join computed_value_source
        on
            wanted.source_url is null
            and wanted.unit_set = computed_value_source.unit_set
            and wanted.year = computed_value_source.year
            and wanted.unit_code = computed_value_source.unit_code
            and wanted.metric = computed_value_source.metric
            and wanted.measure = computed_value_source.measure
    union all
    select
        unit_set,
        year,
        unit_code,
        metric,
        measure,
        value,
        provenance,
        note,
        null as import_id,
        is_rank_uncertain,
        null as source_url,
        false as is_input_source
    from computed_ranks
)

select
    value_source_pairs.year,
    value_source_pairs.unit_code as province_code,
    unit.unit_name as province_name,
    value_source_pairs.metric,
    value_source_pairs.measure,
    value_source_pairs.value,
    value_source_pairs.provenance,
    value_source_pairs.is_rank_uncertain,
    value_source_pairs.note,
    value_source_pairs.is_input_source,
    data_source.source_id,
    coalesce(data_source.title, import_record.file_name) as source_title,
    data_source.publisher,
    value_source_pairs.source_url,
    data_source.tier,
    source_tier.tier_order,
    case
        when source_tier.label_vi is not null then source_tier.label_vi
        when value_source_pairs.provenance = 'imported' then 'tệp kết quả do quản trị viên nhập'
    end as tier_label,
    value_source_pairs.import_id
from value_source_pairs
inner join unit
    on value_source_pairs.unit_set = unit.unit_set and value_source_pairs.unit_code = unit.unit_code
left join data_source on value_source_pairs.source_url = data_source.url
left join source_tier on data_source.tier = source_tier.tier
left join import_record on value_source_pairs.import_id = import_record.import_id
order by
    value_source_pairs.year, value_source_pairs.unit_code, value_source_pairs.metric,
    value_source_pairs.measure, source_tier.tier_order nulls last, value_source_pairs.source_url
