"""Values computed by the official rules from the stored ones, refreshed by every writer.

One entry point, refresh_computed_values(con), called by the build and by an import after
their values are in place. Everything it writes is marked `computed`, is rebuilt from scratch
each time (so it never goes stale), and never replaces a stored value: a published value wins.

- QĐ 922 pillars (cqs, kts, xhs) where no pillar is stored: from the five foundation indices
  where all are known, else from the total and the three activity indices
  (methodology.pillar_scores_from_total), with the bound each carries in `score_bound`;
- the 34-unit values: the mean of the former provinces' values (queries/merged_unit_values.sql),
  for every year and metric where every former province has a value, pillars included;
- national means of complete fields where none is published (computed_national_stat);
- which scores lie within the rounding bound of a neighbour's (uncertain_score), so their
  computed ranks read "≈12";
- last, the rows of the rank views (metric_rank_rule ranks every complete field, ...) into their
  tables (store_rule_views): a version never changes after its writer, so its screens read
  stored rows instead of planning three stacked views on every query.
"""

import duckdb
import numpy as np
import pandas as pd

from dti import methodology, queries

PILLAR_NOTE_FROM_FOUNDATION = ("tính theo QĐ 922 từ năm chỉ số nền tảng và chỉ số hoạt động "
                               "(sai số tối đa ±{bound} do làm tròn)")
PILLAR_NOTE_FROM_TOTAL = ("tính theo QĐ 922 từ tổng DTI và ba chỉ số hoạt động "
                          "(tổng nền tảng = 10·DTI − 2·HĐCQS − 1,5·HĐKTS − 1,5·HĐXHS; "
                          "sai số tối đa ±{bound} do làm tròn)")
MERGED_NOTE = "trung bình của các tỉnh cũ: {codes}"
MERGED_TOTAL_ONLY_NOTE = "trung bình tổng điểm của các tỉnh cũ (chưa có chỉ số chính): {codes}"
MEAN_NOTE = "trung bình của {count} đơn vị (tính lại từ bảng điểm đầy đủ{computed})"


def refresh_computed_values(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute every computed value; returns how many of each kind were written."""
    clear_computed_values(con)
    counts = {"pillars": insert_qd922_pillars(con, "p63")}
    counts["merged"] = insert_merged_unit_values(con)
    counts["pillars"] += insert_qd922_pillars(con, "p34")  # only where a p34 pillar is still missing
    counts["national_means"] = insert_national_means(con)
    counts["uncertain_scores"] = flag_uncertain_scores(con)
    store_rule_views(con)
    return counts


# Each table holds its rule view's rows (dti/schema.sql), in the order they read each other.
STORED_RULE_VIEWS = ("metric_rank", "metric_year_facts", "metric_rank_history")


def store_rule_views(con: duckdb.DuckDBPyConnection) -> None:
    """Write each stored rule view's rows into its table, after any change to the values."""
    for table in STORED_RULE_VIEWS:
        con.execute(f"delete from {table}")  # noqa: S608 (names from the constant above)
        con.execute(f"insert into {table} select * from {table}_rule")  # noqa: S608


def clear_computed_values(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from dti_value where provenance = 'computed'")
    con.execute("delete from score_bound")
    con.execute("delete from computed_value_source")
    con.execute("delete from computed_national_stat")
    con.execute("delete from uncertain_score")


def _fmt(number: float) -> str:
    return f"{number:.5f}".rstrip("0").replace(".", ",")


def insert_qd922_pillars(con: duckdb.DuckDBPyConnection, unit_set: str) -> int:
    """Pillars by the QĐ 922 formula for every unit and year where none is stored."""

    frameworks = {f.code: f for f in methodology.frameworks_from_rows(
        queries.execute_query(con, "indicators_by_framework").to_dict("records"))}
    inputs = queries.execute_query(con, "pillar_inputs", unit_set=unit_set)
    values, bounds, sources = [], [], []
    for (year, framework_code, unit_code), group in inputs.groupby(["year", "framework", "unit_code"]):
        framework = frameworks[framework_code]
        scores = dict(zip(group["metric"], group["value"], strict=True))
        urls = dict(zip(group["metric"], group["source_url"], strict=True))
        if all(scores.get(code) is not None for code in framework.foundation_codes) and framework.foundation_codes:
            exact = methodology.pillar_scores(framework, scores) if all(
                scores.get(a) is not None for a in methodology.PILLAR_ACTIVITY_INDEX.values()) else {}
            pillars = {p: (v, methodology.INPUT_HALF_WIDTH) for p, v in exact.items()}
            used = (*framework.foundation_codes, *methodology.PILLAR_ACTIVITY_INDEX.values())
            note = PILLAR_NOTE_FROM_FOUNDATION
        else:
            pillars = methodology.pillar_scores_from_total(framework, scores)
            used = ("dti", *methodology.PILLAR_ACTIVITY_INDEX.values())
            note = PILLAR_NOTE_FROM_TOTAL
        for pillar, (value, bound) in pillars.items():
            if pillar in scores:  # a stored pillar (published) always wins
                continue
            if not 0 <= value <= 1:  # inputs that break the rule (e.g. an imported total): no pillar
                continue
            half_width = bound + methodology.STORED_HALF_WIDTH
            values.append((unit_set, int(year), unit_code, pillar, "score", round(value, 4), "computed",
                           None, note.format(bound=_fmt(half_width)), None))
            bounds.append((unit_set, int(year), unit_code, pillar, half_width, "qd922_pillar"))
            sources.extend((unit_set, int(year), unit_code, pillar, "score", url)
                           for url in sorted({urls[c] for c in used if isinstance(urls.get(c), str)}))
    _insert_values(con, values)
    _insert_rows(con, "score_bound", bounds, _BOUND_COLUMNS)
    _insert_rows(con, "computed_value_source", sources,
                 ["unit_set", "year", "unit_code", "metric", "measure", "source_url"])
    return len(values)


def insert_merged_unit_values(con: duckdb.DuckDBPyConnection) -> int:
    """p34 values rebuilt from p63 by the official averaging rule, where none is stored."""

    rebuilt = queries.execute_query(con, "merged_unit_values", from_unit_set="p63", to_unit_set="p34")
    values, bounds, sources = [], [], []
    for row in rebuilt.itertuples():
        note = (MERGED_TOTAL_ONLY_NOTE if row.is_total_only else MERGED_NOTE).format(codes=row.former_codes)
        values.append(("p34", int(row.year), row.unit_code, row.metric, "score", float(row.score), "computed",
                       None, note, None))
        bounds.append(("p34", int(row.year), row.unit_code, row.metric, float(row.half_width), "merged_mean"))
        urls = list(row.source_urls) if isinstance(row.source_urls, list | tuple | np.ndarray) else []
        sources.extend(("p34", int(row.year), row.unit_code, row.metric, "score", url) for url in urls)
    _insert_values(con, values)
    _insert_rows(con, "score_bound", bounds, _BOUND_COLUMNS)
    _insert_rows(con, "computed_value_source", sources,
                 ["unit_set", "year", "unit_code", "metric", "measure", "source_url"])
    return len(values)


def insert_national_means(con: duckdb.DuckDBPyConnection) -> int:
    """The mean of every complete field that has no published mean."""

    means = queries.execute_query(con, "national_means_from_complete_fields")
    rows = [
        (int(row.year), row.unit_set, row.metric, "mean", float(row.mean_score),
         MEAN_NOTE.format(count=int(row.scored_count),
                          computed=f", trong đó {int(row.computed_count)} điểm tính lại" if row.computed_count else ""))
        for row in means.itertuples()
    ]
    _insert_rows(con, "computed_national_stat", rows, ["year", "unit_set", "metric", "statistic", "value", "note"])
    return len(rows)


def flag_uncertain_scores(con: duckdb.DuckDBPyConnection) -> int:
    """Mark the scores whose order against a neighbour's is uncertain within the bounds, so the
    view metric_rank_rule can flag their computed ranks without a self-join on every read."""

    con.execute("delete from uncertain_score")
    flagged = queries.execute_query(con, "uncertain_scores")
    queries.insert_frame(con, "uncertain_score", flagged[["unit_set", "year", "unit_code", "metric"]])
    return len(flagged)


_BOUND_COLUMNS = ["unit_set", "year", "unit_code", "metric", "half_width", "rule"]
_VALUE_COLUMNS = ["unit_set", "year", "unit_code", "metric", "measure", "value", "provenance",
                  "source_url", "note", "import_id"]


def _insert_values(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=_VALUE_COLUMNS)
    frame["import_id"] = pd.array([None] * len(frame), dtype="Int64")
    frame["source_url"] = frame["source_url"].astype(object)
    queries.insert_frame(con, "dti_value", frame)


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], columns: list[str]) -> None:
    queries.insert_frame(con, table, pd.DataFrame(rows, columns=columns))
