-- userdata.sql: the user data store (scenarios, plans, their revisions and progress).
-- Its own DuckDB file (DTI_USER_DB), apart from the results database: rebuilds and
-- imports never touch it. Idempotent: run on every open. The same file creates the tables
-- in PostgreSQL (DTI_USER_DSN): only types both dialects know (double precision, not double).

create table if not exists scenario (
    scenario_id varchar primary key,      -- short URL-safe id (?scenario=…)
    name varchar not null,
    kind varchar not null,                -- 'whatif' | 'target'
    unit_set varchar not null,
    province_code varchar not null,
    year integer not null,
    inputs_json varchar not null,         -- the inputs only; results are recomputed
    created_at timestamp not null,        -- UTC
    created_by varchar not null
);

create table if not exists plan (
    plan_id varchar primary key,
    unit_set varchar not null,
    province_code varchar not null,
    base_year integer not null,
    target_year integer not null,
    source_kind varchar not null,         -- 'solver' | 'scenario' | 'blank'
    source_ref varchar,
    created_at timestamp not null,
    created_by varchar not null
);

create table if not exists plan_revision (
    plan_id varchar not null,
    revision integer not null,            -- 1, 2, …: every save adds one, none is overwritten
    title varchar not null,
    saved_at timestamp not null,
    saved_by varchar not null,
    change_note varchar,
    primary key (plan_id, revision)
);

create table if not exists plan_row (
    plan_id varchar not null,
    revision integer not null,
    position integer not null,
    row_id varchar not null,              -- stable across revisions
    main_index varchar not null,
    component varchar,                    -- null: the main index itself
    owner varchar not null,               -- đơn vị chủ trì
    co_owners varchar,                    -- đơn vị phối hợp
    current_value double precision not null,
    target_value double precision not null,
    deadline date,
    status varchar not null,              -- chua_bat_dau | dang_thuc_hien | hoan_thanh ("chậm" is computed)
    note varchar,
    primary key (plan_id, revision, position)
);

create table if not exists plan_progress (
    progress_id varchar primary key,
    plan_id varchar not null,
    row_id varchar not null,
    meeting_date date not null,
    value double precision not null,
    note varchar,
    recorded_at timestamp not null,
    recorded_by varchar not null
);

-- Points of a framework whose weights are not public (QĐ 405), entered by an administrator from
-- an official document; the simulator uses them, marked as entered, until the data carries them.
create table if not exists framework_weight (
    framework varchar not null,           -- e.g. 'qd405'
    code varchar not null,                -- main-index code
    points double precision not null,
    source varchar not null,              -- the document the administrator read them from
    entered_at timestamp not null,        -- UTC
    entered_by varchar not null,
    primary key (framework, code)
);
