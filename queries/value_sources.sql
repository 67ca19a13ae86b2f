-- value_sources.sql
-- Grain: one row per (value, source) for the values of the unit set in the given years, units
-- and metrics: a published or derived value has one row (its source); a computed score has one
-- row per source of its inputs (is_input_source = true); an imported value names its import;
-- a computed rank (not stored: ranked from a complete field) has one row without a source.
-- Also one row per national mean of those years and metrics (value_kind = 'national_mean',
-- province_code null; the view national_mean: a published mean wins, a computed one has no URL).
-- Params: $unit_set VARCHAR, $years INTEGER[], $unit_codes VARCHAR[], $metrics VARCHAR[]
-- A null $years, $unit_codes or $metrics means every year, unit or metric (the app reads a whole
-- set once per data version and picks a view's rows). value_kind: 'unit' | 'national_mean'.
-- metric_name_vi / metric_name_en: the metric's name in the method of its year (indicator).
-- tier_order: 1 = most trusted (official dti.gov.vn) ... 5 = compilation; tier_label in Vietnamese.
with
wanted as (
    select *
    from dti_value
    where
        unit_set = $unit_set
        and ($years is null or list_contains($years, year))
        and ($unit_codes is null or list_contains($unit_codes, unit_code))
        and ($metrics is null or list_contains($metrics, metric))
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
        and ($years is null or list_contains($years, metric_rank.year))
        and ($unit_codes is null or list_contains($unit_codes, metric_rank.unit_code))
        and ($metrics is null or list_contains($metrics, metric_rank.metric))
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
),

national_means as (
    select
        year,
        metric,
        'score' as measure,
        value,
        provenance,
        note,
        source_url
    from national_mean
    where
        unit_set = $unit_set
        and ($years is null or list_contains($years, year))
        and ($metrics is null or list_contains($metrics, metric))
),

unit_rows as (
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
        value_source_pairs.source_url,
        value_source_pairs.import_id,
        'unit' as value_kind
    from value_source_pairs
    inner join unit
        on value_source_pairs.unit_set = unit.unit_set and value_source_pairs.unit_code = unit.unit_code
    union all
    select
        year,
        null as province_code,
        null as province_name,
        metric,
        measure,
        value,
        provenance,
        false as is_rank_uncertain,
        note,
        false as is_input_source,
        source_url,
        null as import_id,
        'national_mean' as value_kind
    from national_means
)

select
    unit_rows.year,
    unit_rows.province_code,
    unit_rows.province_name,
    unit_rows.metric,
    unit_rows.measure,
    unit_rows.value,
    unit_rows.provenance,
    unit_rows.is_rank_uncertain,
    unit_rows.note,
    unit_rows.is_input_source,
    data_source.source_id,
    coalesce(data_source.title, import_record.file_name) as source_title,
    data_source.publisher,
    unit_rows.source_url,
    data_source.tier,
    source_tier.tier_order,
    case
        when source_tier.label_vi is not null then source_tier.label_vi
        when unit_rows.provenance = 'imported' then 'tệp kết quả do quản trị viên nhập'
    end as tier_label,
    unit_rows.import_id,
    unit_rows.value_kind,
    indicator.name_vi as metric_name_vi,
    indicator.name_en as metric_name_en
from unit_rows
left join data_source on unit_rows.source_url = data_source.url
left join year_framework on unit_rows.year = year_framework.year
left join indicator
    on year_framework.framework = indicator.framework and unit_rows.metric = indicator.indicator_code
left join source_tier on data_source.tier = source_tier.tier
left join import_record on unit_rows.import_id = import_record.import_id
order by
    unit_rows.value_kind = 'national_mean', unit_rows.year, unit_rows.province_code, unit_rows.metric,
    unit_rows.measure, source_tier.tier_order nulls last, unit_rows.source_url
