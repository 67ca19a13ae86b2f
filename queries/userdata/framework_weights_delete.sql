-- framework_weights_delete.sql
-- Grain: removes every entered point of one framework (replaced as a whole set).
-- Params: $framework VARCHAR
delete from framework_weight
where framework = $framework
