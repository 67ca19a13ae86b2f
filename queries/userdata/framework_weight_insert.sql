-- framework_weight_insert.sql
-- Grain: one entered main-index weight.
-- Params: $framework VARCHAR, $code VARCHAR, $points DOUBLE, $source VARCHAR, $entered_at TIMESTAMP, $entered_by VARCHAR
insert into framework_weight (framework, code, points, source, entered_at, entered_by)
values ($framework, $code, $points, $source, $entered_at, $entered_by)
