-- stored_rule_view_differs.sql
-- Grain: one row per stored rank table (metric_rank, metric_year_facts, metric_rank_history)
-- whose rows differ from its rule view's (<table>_rule): a writer changed values without
-- computed_values.store_rule_views afterwards; a version with any is refused.
-- Params: none
-- differing_rows counts rows on either side without a twin on the other (except all).
with
metric_rank_differences as (
    select
        'metric_rank' as table_name,
        count(*) as differing_rows
    from (
        (
            select * from metric_rank
            except all
            select * from metric_rank_rule
        )
        union all
        (
            select * from metric_rank_rule
            except all
            select * from metric_rank
        )
    ) as differing
),

metric_year_facts_differences as (
    select
        'metric_year_facts' as table_name,
        count(*) as differing_rows
    from (
        (
            select * from metric_year_facts
            except all
            select * from metric_year_facts_rule
        )
        union all
        (
            select * from metric_year_facts_rule
            except all
            select * from metric_year_facts
        )
    ) as differing
),

metric_rank_history_differences as (
    select
        'metric_rank_history' as table_name,
        count(*) as differing_rows
    from (
        (
            select * from metric_rank_history
            except all
            select * from metric_rank_history_rule
        )
        union all
        (
            select * from metric_rank_history_rule
            except all
            select * from metric_rank_history
        )
    ) as differing
),

differences as (
    select * from metric_rank_differences
    union all
    select * from metric_year_facts_differences
    union all
    select * from metric_rank_history_differences
)

select
    table_name,
    differing_rows,
    format(
        'bảng {} lệch khỏi quy tắc tính của nó ({} dòng khác): thứ hạng chưa được tính lại sau lần ghi cuối',
        table_name, differing_rows
    ) as problem
from differences
where differing_rows > 0
order by table_name
