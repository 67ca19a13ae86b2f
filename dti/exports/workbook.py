"""The province's tables as XLSX: one sheet each for the years, the indices and the gaps, with
Vietnamese headers, numbers stored as numbers with a display format (scores 0.0000, ranks 0),
provenance in its own column (a mark cannot live inside a number) and every text cell
neutralised against formulas. The source lines and the export date sit under each table.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from dti import briefing, registry, sources
from dti.display import FRAMEWORK_LABELS
from dti.downloads import neutralise_formula
from dti.exports import labels
from dti.formatting import is_missing
from dti.i18n import t
from dti.planner_sentences import rank_change
from dti.queries import run_query

SCORE_FORMAT = "0.0000"
RANK_FORMAT = "0"
HEADER_FILL = PatternFill("solid", fgColor="E9EDF1")


def _value(value):
    """NA -> empty cell; numpy numbers -> Python numbers; text neutralised."""
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return neutralise_formula(value)


def _sheet(book: Workbook, name: str, title: str, columns: list[tuple[str, str | None]], rows: list[list],
           notes: list[str]) -> None:
    """columns: (header, number format or None for text)."""
    sheet = book.create_sheet(name)
    sheet["A1"] = neutralise_formula(title)
    sheet["A1"].font = Font(bold=True, size=14)
    for index, (header, _) in enumerate(columns, start=1):
        cell = sheet.cell(row=3, column=index, value=neutralise_formula(header))
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows):
        for index, ((_, number_format), value) in enumerate(zip(columns, row), start=1):
            cell = sheet.cell(row=4 + offset, column=index, value=_value(value))
            if number_format and cell.value is not None:
                cell.number_format = number_format
    for offset, note in enumerate(notes):
        sheet.cell(row=5 + len(rows) + offset, column=1, value=neutralise_formula(note))
    for index, (header, _) in enumerate(columns, start=1):
        width = max([len(header)] + [len(str(r[index - 1])) for r in rows if not is_missing(r[index - 1])]) + 2
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = min(max(width, 10), 48)
    sheet.freeze_panes = "A4"


def province_xlsx(province: str, year: int, unit_set: str, lang: str = "vi", version=None) -> bytes:
    code, n = str(province), registry.unit_set(unit_set).size
    deck = briefing.build_briefing(code, year, unit_set, steps=["headline"], version=version, lang=lang)
    history = run_query("province_history", version, unit_set=unit_set, province_code=code, metric="dti")
    indices = run_query("province_indices_for_year", version, unit_set=unit_set, year=year, province_code=code)
    gaps = run_query("province_gaps", version, unit_set=unit_set, year=year, province_code=code, metric="dti")
    cited = sources.value_sources(unit_set, None, [code], None, version, with_national_means=True)
    stamp = labels.stamp(lang, deck.built_on)
    name = deck.province_name

    def word(key, **values):
        return t(f"xlsx.{key}", lang, **values)

    def provenance(value):
        return "" if is_missing(value) else t(f"data.provenance_{value}", lang)

    def source(years, with_mean=True):
        return sources.slide_source_line(cited, years, with_mean, lang)

    book = Workbook()
    summary = book.active
    summary.title = word("summary")
    summary["A1"] = neutralise_formula(word("title", profile=labels.word(lang, "profile"), name=name, year=year,
                                            units=labels.word(lang, "units", n=n)))
    summary["A1"].font = Font(bold=True, size=14)
    headline = deck.steps[0]
    summary["A3"] = neutralise_formula(headline.title if headline.is_available else headline.reason)
    summary["A4"] = neutralise_formula(headline.source)
    legend = briefing.mark_legend(("†", "≈", "ⁱ", "*"), lang)
    summary["A5"] = neutralise_formula(word("legend", legend=legend))
    summary["A6"] = neutralise_formula(stamp)
    summary.column_dimensions["A"].width = 120

    _sheet(book, word("years_sheet"), word("years_title", name=name), [
        (word("year"), RANK_FORMAT), (word("rank"), RANK_FORMAT), (word("of_units"), RANK_FORMAT),
        (word("rank_change"), "+0;-0;0"), (word("rank_change_words"), None), (word("dti_score"), SCORE_FORMAT),
        (word("national_mean"), SCORE_FORMAT), (word("method"), None), (word("rank_provenance"), None),
        (word("score_provenance"), None)],
        [[r.year, r.rank, n, r.rank_change, "" if is_missing(r.rank_change) else rank_change(int(r.rank_change), lang),
          r.score, r.national_mean, FRAMEWORK_LABELS.get(r.framework, r.framework), provenance(r.rank_provenance),
          provenance(r.score_provenance)] for r in history.itertuples()],
        [source([int(y) for y in history["year"]]), stamp])

    _sheet(book, word("indices_sheet"), word("indices_title", name=name, year=year), [
        (word("index"), None), (word("level"), None), (word("points"), RANK_FORMAT), (word("score"), SCORE_FORMAT),
        (word("rank_short"), RANK_FORMAT), (word("national_mean"), SCORE_FORMAT),
        (word("mean_gap"), SCORE_FORMAT), (word("score_provenance"), None)],
        [[r.name_vi, word("pillar") if r.indicator_level == "pillar" else word("main_index"),
          r.points if r.is_scored else None, r.score, r.rank, r.national_mean, r.gap_to_national_mean,
          provenance(r.score_provenance)] for r in indices.itertuples()],
        [source([year]), stamp])

    gap_rows = []
    if not gaps.empty:
        g = gaps.iloc[0]
        gap_rows = [
            [word("above"), g["above_province_names"], g["above_rank"], g["above_score"], g["gap_to_province_above"]],
            [word("below"), g["below_province_names"], g["below_rank"], g["below_score"], g["gap_to_province_below"]],
            [word("top"), word("rank_10"), 10, g["top_ten_cutoff_score"], g["gap_to_top_ten"]],
            [word("leader"), g["leader_province_names"], 1, g["leader_score"], g["gap_to_leader"]],
            [word("national_mean"), None, None, g["national_mean"], g["gap_to_national_mean"]],
            [word("region_best"), None, None, g["region_best_score"], g["gap_to_region_best"]],
        ]
    _sheet(book, word("gaps_sheet"), word("gaps_title", name=name, year=year), [
        (word("against"), None), (word("province"), None), (word("rank_short"), RANK_FORMAT),
        (word("score"), SCORE_FORMAT), (word("gap"), "+0.0000;-0.0000;0.0000")],
        gap_rows, [word("gap_note"), source([year]), stamp])

    _sheet(book, word("sources_sheet"), word("sources_title", name=name), [
        (word("year"), RANK_FORMAT), (word("used_for"), None), (word("publisher"), None), (word("url"), None),
        (word("tier"), None)],
        [[r.year, word("for_province") if r.cited_for == "province" else word("national_mean_lower"), r.publisher,
          r.source_url, r.tier_label] for r in sources.sources_by_year(cited, lang).itertuples()], [stamp])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
