-- schema.sql: the results database. Run once per new database version.
-- A unit is keyed by (unit_set, unit_code): codes are reused across sets
-- ('15' is Yên Bái in p63 and Lào Cai in p34). Lower levels (communes) are
-- further unit sets whose units name a parent unit.

-- A unit set is data: the country's sets from data/unit_sets.csv, further sets (a province's
-- communes) declared by an import (import_id: the import that declared it, null for bundled).
-- is_generated: generated test data, never published; its values carry provenance 'generated'.
create table unit_set (
    unit_set varchar primary key,
    unit_level varchar not null check (unit_level in ('province', 'commune')),
    name_vi varchar not null,             -- '63 tỉnh, thành phố (trước 1/7/2025)'
    valid_from date,
    valid_to date,
    url_value varchar not null unique,    -- how the URL (units=) and the CLI (--units) name it
    name_en varchar,
    noun_vi varchar not null,             -- the counted unit: 'tỉnh, thành phố', 'xã, phường'
    noun_en varchar not null,
    first_year integer,                   -- the years published in this set (null: open)
    last_year integer,
    is_generated boolean not null default false,
    parent_unit_set varchar,              -- communes: the province they belong to
    parent_unit_code varchar,
    import_id integer
);

create table unit (
    unit_set varchar not null references unit_set (unit_set),
    unit_code varchar not null,
    unit_name varchar not null,
    name_full varchar,
    name_ascii varchar,
    region_id integer,                    -- socio-economic region; null where not defined (p34)
    region_name varchar,
    parent_unit_set varchar,
    parent_unit_code varchar,
    primary key (unit_set, unit_code)
);

-- One alias table for every spelling we accept; alias_key is normalised by dti.names.
create table unit_alias (
    unit_set varchar not null,
    alias_key varchar not null,
    unit_code varchar not null,
    primary key (unit_set, alias_key)
);

-- The 1 July 2025 merger: every p63 province has exactly one p34 successor.
create table unit_succession (
    from_unit_set varchar not null,
    from_unit_code varchar not null,
    to_unit_set varchar not null,
    to_unit_code varchar not null,
    primary key (from_unit_set, from_unit_code, to_unit_set)
);

create table framework (
    framework varchar primary key,
    decision varchar not null,
    first_year integer not null,
    last_year integer                    -- null: still in force
);

create table indicator (
    framework varchar not null references framework (framework),
    indicator_code varchar not null,
    parent_code varchar,
    indicator_level varchar not null,     -- total | group | pillar | main
    name_vi varchar not null,
    name_en varchar,
    points double,                        -- null where the weight is not public (QĐ 405)
    is_scored boolean not null,
    component_count integer,
    note varchar,
    primary key (framework, indicator_code)
);

create table data_source (
    source_id varchar primary key,
    url varchar not null,
    publisher varchar,
    title varchar,
    gave varchar,
    tier varchar
);

create table import_record (
    import_id integer primary key,
    file_name varchar not null,
    file_sha256 varchar not null,
    unit_set varchar not null,
    year integer not null,
    imported_by varchar,
    imported_at timestamp not null,
    new_count integer not null,
    changed_count integer not null,
    unchanged_count integer not null
);

-- The stored rows an import overwrote (replaced_import_id: the import that had written them,
-- null for bundled values), so any import can be undone later, after a rebuild too.
create table replaced_value (
    import_id integer not null,
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    measure varchar not null,
    value double not null,
    provenance varchar not null,
    source_url varchar,
    note varchar,
    replaced_import_id integer
);

-- An undone import stays in import_record; this says when and by whom it was undone.
create table import_undo (
    import_id integer primary key,
    undone_at timestamp not null,
    undone_by varchar
);

-- measure: 'score' (0–1, as published) or 'rank' (competition ranking, 1 = best).
-- provenance: published | derived | estimated | imported | computed | generated (test data).
create table dti_value (
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    measure varchar not null check (measure in ('score', 'rank')),
    value double not null,
    provenance varchar not null
        check (provenance in ('published', 'derived', 'estimated', 'imported', 'computed', 'generated')),
    source_url varchar,
    note varchar,
    import_id integer,
    primary key (unit_set, year, unit_code, metric, measure),
    foreign key (unit_set, unit_code) references unit (unit_set, unit_code)
);

create table national_stat (
    year integer not null,
    unit_set varchar not null,            -- 'national' for the national index itself
    metric varchar not null,
    statistic varchar not null,           -- mean | national_index
    value double not null,
    source_url varchar,
    note varchar,
    primary key (year, unit_set, metric, statistic)
);

-- How trusted each tier of source is (1 = most) and how a screen names it.
create table source_tier (
    tier varchar primary key,
    tier_order integer not null,
    label_vi varchar not null
);

-- A computed score's bound: |true value - stored value| <= half_width (its inputs are
-- published at 4 decimals and it is stored at 4 decimals). Published scores have no row.
create table score_bound (
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    half_width double not null,
    rule varchar not null,                -- qd922_pillar | merged_mean
    primary key (unit_set, year, unit_code, metric)
);

-- Scores whose order against a neighbour's is uncertain within the bounds (see
-- queries/uncertain_scores.sql); a computed rank of such a score is shown as "≈12".
create table uncertain_score (
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    primary key (unit_set, year, unit_code, metric)
);

-- The sources of the inputs of each computed value (several rows per value).
create table computed_value_source (
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    measure varchar not null,
    source_url varchar not null,
    primary key (unit_set, year, unit_code, metric, measure, source_url)
);

-- National means computed from a complete field where no mean is published.
create table computed_national_stat (
    year integer not null,
    unit_set varchar not null,
    metric varchar not null,
    statistic varchar not null,
    value double not null,
    note varchar,
    primary key (year, unit_set, metric, statistic)
);

create table database_info (
    info_key varchar primary key,
    info_value varchar not null
);

-- One row per unit set: how many units it has.
create view unit_set_size as
select
    unit_set,
    count(*) as unit_count
from unit
group by unit_set;

-- One row per (unit set, year, unit, metric) that has a score or a rank, with
-- the rank that counts: the published rank, else a rank computed from scores
-- only where every unit of the set has a score (the official tie rule: rank()).
-- Built by grouping dti_value on its key (not a full outer join on coalesced keys), so a
-- filter on unit_set, year or metric reaches the table: 6 M rows at commune scale.
-- is_computed_rank_uncertain: the computed rank could differ from the official one (a row in
-- uncertain_score, written with the computed values: queries/uncertain_scores.sql).
create view metric_rank_rule as
with
value_pairs as (
    select
        unit_set,
        year,
        unit_code,
        metric,
        max(value) filter (where measure = 'score') as score,
        max(provenance) filter (where measure = 'score') as score_provenance,
        cast(max(value) filter (where measure = 'rank') as integer) as published_rank,
        max(provenance) filter (where measure = 'rank') as published_rank_provenance
    from dti_value
    group by unit_set, year, unit_code, metric
),

score_fields as (
    select
        value_pairs.unit_set,
        value_pairs.year,
        value_pairs.metric,
        count(value_pairs.score) = any_value(set_sizes.unit_count) as is_score_complete
    from value_pairs
    inner join unit_set_size as set_sizes on value_pairs.unit_set = set_sizes.unit_set
    group by value_pairs.unit_set, value_pairs.year, value_pairs.metric
),

computed_ranks as (
    select
        value_pairs.*,
        value_pairs.score is not null and coalesce(score_fields.is_score_complete, false) as is_score_complete,
        case
            when value_pairs.score is not null and score_fields.is_score_complete
                then rank() over (
                    partition by value_pairs.unit_set, value_pairs.year, value_pairs.metric
                    order by round(value_pairs.score, 4) desc nulls last
                )
        end as computed_rank
    from value_pairs
    left join score_fields
        on
            value_pairs.unit_set = score_fields.unit_set
            and value_pairs.year = score_fields.year
            and value_pairs.metric = score_fields.metric
)

select
    computed_ranks.unit_set,
    computed_ranks.year,
    computed_ranks.unit_code,
    computed_ranks.metric,
    computed_ranks.score,
    computed_ranks.score_provenance,
    score_bound.half_width as score_half_width,
    computed_ranks.published_rank,
    computed_ranks.computed_rank,
    coalesce(computed_ranks.published_rank, computed_ranks.computed_rank) as rank,
    case
        when computed_ranks.published_rank is not null then computed_ranks.published_rank_provenance
        when computed_ranks.computed_rank is not null then 'computed'
    end as rank_provenance,
    computed_ranks.computed_rank is not null and uncertain_score.unit_code is not null
        as is_computed_rank_uncertain,
    computed_ranks.published_rank is null and computed_ranks.computed_rank is not null
    and uncertain_score.unit_code is not null as is_rank_uncertain,
    computed_ranks.is_score_complete
from computed_ranks
left join score_bound
    on
        computed_ranks.unit_set = score_bound.unit_set
        and computed_ranks.year = score_bound.year
        and computed_ranks.unit_code = score_bound.unit_code
        and computed_ranks.metric = score_bound.metric
left join uncertain_score
    on
        computed_ranks.unit_set = uncertain_score.unit_set
        and computed_ranks.year = uncertain_score.year
        and computed_ranks.unit_code = uncertain_score.unit_code
        and computed_ranks.metric = uncertain_score.metric;

-- The rule's rows, stored per data version (computed_values.store_rule_views fills it after every
-- write): the screens' queries read a table instead of planning the stacked views each time.
create table metric_rank as select * from metric_rank_rule limit 0;

-- National means: a published mean wins; else the mean computed from a complete field (the one
-- place this rule is written: queries/national_means_from_complete_fields.sql reads this view).
create view national_mean as
select
    year,
    unit_set,
    metric,
    value,
    'published' as provenance,
    source_url,
    note
from national_stat
where statistic = 'mean'
union all
select
    computed_national_stat.year,
    computed_national_stat.unit_set,
    computed_national_stat.metric,
    computed_national_stat.value,
    'computed' as provenance,
    null as source_url,
    computed_national_stat.note
from computed_national_stat
where
    computed_national_stat.statistic = 'mean'
    and not exists (
        select 1
        from national_stat
        where
            national_stat.statistic = 'mean'
            and national_stat.year = computed_national_stat.year
            and national_stat.unit_set = computed_national_stat.unit_set
            and national_stat.metric = computed_national_stat.metric
    );

-- One row per year an assessment method covers (a method still in force covers every year
-- up to next year): the one place that says which method a year was assessed by.
create view year_framework as
select
    unnest(range(first_year, coalesce(last_year, greatest(first_year, year(current_date) + 1)) + 1)) as year,
    framework,
    decision
from framework;

-- One row per (unit set, year, metric) with a score, a rank or a national mean (has_values:
-- a score or a rank): the facts of that year's field that several screens show. unit_count = units in the set; top_ten_last_rank = the
-- last rank inside the top ten (ties may make it < 10) and top_ten_cutoff_score its score
-- (null where unknown); national_mean = the published national mean, else one computed from a
-- complete field (national_mean_provenance); uncertain_rank_count = computed ranks within the
-- rounding bound of a neighbour's.
create view metric_year_facts_rule as
with
field_counts as (
    -- top_ten_cutoff_score: the least score at the last rank inside the top ten, where any is
    -- known there (one pass over the field: the score is taken only when its rank is that rank)
    select
        unit_set,
        year,
        metric,
        count(rank) as ranked_count,
        count(score) as scored_count,
        count(*) filter (where is_rank_uncertain) as uncertain_rank_count,
        max(rank) filter (where rank <= 10) as top_ten_last_rank,
        max(rank) filter (where rank <= 10 and score is not null) as top_ten_last_scored_rank,
        arg_max(score, [rank, -score]) filter (where rank <= 10 and score is not null)
            as top_ten_last_scored_score
    from metric_rank
    group by unit_set, year, metric
),

field_keys as (
    -- a year may publish a national mean for a metric no province value is known for
    select
        unit_set,
        year,
        metric
    from dti_value
    union
    select
        unit_set,
        year,
        metric
    from national_mean
)

select
    field_keys.unit_set,
    field_keys.year,
    field_keys.metric,
    field_counts.unit_set is not null as has_values,
    year_framework.framework,
    year_framework.decision,
    set_sizes.unit_count,
    field_counts.ranked_count,
    field_counts.scored_count,
    field_counts.ranked_count = set_sizes.unit_count as is_rank_complete,
    field_counts.scored_count = set_sizes.unit_count as is_score_complete,
    field_counts.top_ten_last_rank,
    case
        when field_counts.top_ten_last_scored_rank = field_counts.top_ten_last_rank
            then field_counts.top_ten_last_scored_score
    end as top_ten_cutoff_score,
    field_counts.uncertain_rank_count,
    national_mean.value as national_mean,
    national_mean.provenance as national_mean_provenance
from field_keys
inner join unit_set_size as set_sizes on field_keys.unit_set = set_sizes.unit_set
left join field_counts
    on
        field_keys.unit_set = field_counts.unit_set
        and field_keys.year = field_counts.year
        and field_keys.metric = field_counts.metric
left join year_framework on field_keys.year = year_framework.year
left join national_mean
    on
        field_keys.unit_set = national_mean.unit_set
        and field_keys.year = national_mean.year
        and field_keys.metric = national_mean.metric;

-- Stored like metric_rank.
create table metric_year_facts as select * from metric_year_facts_rule limit 0;

-- One row per (unit set, assessed year, unit, metric): the dense grid that lets
-- lag() find the previous assessed year even where a unit has no value in it.
create view metric_rank_history_rule as
with
assessed_years as (
    select distinct
        unit_set,
        year,
        metric
    from dti_value
),

grid as (
    select
        assessed_years.unit_set,
        assessed_years.year,
        assessed_years.metric,
        unit.unit_code,
        year_framework.framework
    from assessed_years
    inner join unit on assessed_years.unit_set = unit.unit_set
    inner join year_framework on assessed_years.year = year_framework.year
),

with_previous as (
    select
        grid.unit_set,
        grid.year,
        grid.metric,
        grid.unit_code,
        grid.framework,
        metric_rank.score,
        metric_rank.score_provenance,
        metric_rank.published_rank,
        metric_rank.computed_rank,
        metric_rank.rank,
        metric_rank.rank_provenance,
        metric_rank.score_half_width,
        metric_rank.is_rank_uncertain,
        lag(grid.year) over by_unit as previous_year,
        lag(metric_rank.rank) over by_unit as previous_rank,
        lag(grid.framework) over by_unit as previous_framework
    from grid
    left join metric_rank
        on
            grid.unit_set = metric_rank.unit_set
            and grid.year = metric_rank.year
            and grid.unit_code = metric_rank.unit_code
            and grid.metric = metric_rank.metric
    window by_unit as (partition by grid.unit_set, grid.unit_code, grid.metric order by grid.year)
)

select
    *,
    previous_rank - rank as rank_change,
    case when previous_rank is not null and rank is not null then framework = previous_framework end
        as is_comparable
from with_previous;

-- Stored like metric_rank.
create table metric_rank_history as select * from metric_rank_history_rule limit 0;
