-- schema.sql: the results database. Run once per new database version.
-- A unit is keyed by (unit_set, unit_code): codes are reused across sets
-- ('15' is Yên Bái in p63 and Lào Cai in p34). Lower levels (communes) are
-- further unit sets whose units name a parent unit.

create table unit_set (
    unit_set varchar primary key,
    unit_level varchar not null,          -- 'province' today; 'commune' later
    name_vi varchar not null,
    valid_from date,
    valid_to date
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
-- provenance: published | derived | estimated | imported | computed.
create table dti_value (
    unit_set varchar not null,
    year integer not null,
    unit_code varchar not null,
    metric varchar not null,
    measure varchar not null check (measure in ('score', 'rank')),
    value double not null,
    provenance varchar not null
        check (provenance in ('published', 'derived', 'estimated', 'imported', 'computed')),
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

create table database_info (
    info_key varchar primary key,
    info_value varchar not null
);

-- One row per (unit set, year, unit, metric) that has a score or a rank, with
-- the rank that counts: the published rank, else a rank computed from scores
-- only where every unit of the set has a score (the official tie rule: rank()).
-- Built by grouping dti_value on its key (not a full outer join on coalesced keys), so a
-- filter on unit_set, year or metric reaches the table: 6 M rows at commune scale.
create view metric_rank as
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

set_sizes as (
    select
        unit_set,
        count(*) as unit_count
    from unit
    group by unit_set
),

score_fields as (
    select
        value_pairs.unit_set,
        value_pairs.year,
        value_pairs.metric,
        count(value_pairs.score) = any_value(set_sizes.unit_count) as is_score_complete
    from value_pairs
    inner join set_sizes on value_pairs.unit_set = set_sizes.unit_set
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
    unit_set,
    year,
    unit_code,
    metric,
    score,
    score_provenance,
    published_rank,
    computed_rank,
    coalesce(published_rank, computed_rank) as rank,
    case
        when published_rank is not null then published_rank_provenance
        when computed_rank is not null then 'computed'
    end as rank_provenance,
    is_score_complete
from computed_ranks;

-- One row per (unit set, assessed year, unit, metric): the dense grid that lets
-- lag() find the previous assessed year even where a unit has no value in it.
create view metric_rank_history as
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
        framework.framework
    from assessed_years
    inner join unit on assessed_years.unit_set = unit.unit_set
    inner join framework
        on assessed_years.year between framework.first_year and coalesce(framework.last_year, 9999)
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
