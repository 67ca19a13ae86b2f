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
from dti.formatting import is_missing, provenance_label, rank_change_phrase
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
    deck = briefing.build_briefing(code, year, unit_set, steps=["headline"], version=version)
    history = run_query("province_history", version, unit_set=unit_set, province_code=code, metric="dti")
    indices = run_query("province_indices_for_year", version, unit_set=unit_set, year=year, province_code=code)
    gaps = run_query("province_gaps", version, unit_set=unit_set, year=year, province_code=code, metric="dti")
    cited = sources.value_sources(unit_set, None, [code], None, version, with_national_means=True)
    stamp = labels.stamp(lang, deck.built_on)
    name = deck.province_name

    book = Workbook()
    summary = book.active
    summary.title = "Tóm tắt"
    summary["A1"] = neutralise_formula(f"{labels.word(lang, 'profile')}: {name} — DTI {year} ({n} tỉnh, thành phố)")
    summary["A1"].font = Font(bold=True, size=14)
    headline = deck.steps[0]
    summary["A3"] = neutralise_formula(headline.title if headline.is_available else headline.reason)
    summary["A4"] = neutralise_formula(headline.source)
    legend = briefing.mark_legend(("†", "≈", "ⁱ", "*"))
    summary["A5"] = neutralise_formula(f"Nguồn gốc số liệu: {legend}; cột “Nguồn gốc” ở từng trang ghi rõ từng số.")
    summary["A6"] = neutralise_formula(stamp)
    summary.column_dimensions["A"].width = 120

    _sheet(book, "Qua các năm", f"{name}: thứ hạng và điểm DTI qua các năm", [
        ("Năm", RANK_FORMAT), ("Thứ hạng", RANK_FORMAT), ("Trên số tỉnh", RANK_FORMAT),
        ("Thay đổi thứ hạng (+ là tăng)", "+0;-0;0"), ("Thay đổi (lời)", None), ("Điểm DTI", SCORE_FORMAT),
        ("Trung bình cả nước", SCORE_FORMAT), ("Phương pháp", None), ("Nguồn gốc thứ hạng", None),
        ("Nguồn gốc điểm", None)],
        [[r.year, r.rank, n, r.rank_change, rank_change_phrase(r.rank_change) or "", r.score, r.national_mean,
          FRAMEWORK_LABELS.get(r.framework, r.framework), provenance_label(r.rank_provenance),
          provenance_label(r.score_provenance)] for r in history.itertuples()],
        [sources.slide_source_line(cited, [int(y) for y in history["year"]], True), stamp])

    _sheet(book, "Chỉ số", f"{name}: trụ cột và chỉ số chính năm {year}", [
        ("Chỉ số", None), ("Cấp", None), ("Trọng số (điểm)", RANK_FORMAT), ("Điểm", SCORE_FORMAT),
        ("Hạng", RANK_FORMAT), ("Trung bình cả nước", SCORE_FORMAT),
        ("Trung bình cả nước − điểm (dương: dưới trung bình)", SCORE_FORMAT), ("Nguồn gốc điểm", None)],
        [[r.name_vi, "trụ cột" if r.indicator_level == "pillar" else "chỉ số chính",
          r.points if r.is_scored else None, r.score, r.rank, r.national_mean, r.gap_to_national_mean,
          provenance_label(r.score_provenance)] for r in indices.itertuples()],
        [sources.slide_source_line(cited, [year], True), stamp])

    gap_rows = []
    if not gaps.empty:
        g = gaps.iloc[0]
        gap_rows = [
            ["Tỉnh liền trên", g["above_province_names"], g["above_rank"], g["above_score"],
             g["gap_to_province_above"]],
            ["Tỉnh liền dưới", g["below_province_names"], g["below_rank"], g["below_score"],
             g["gap_to_province_below"]],
            ["Ngưỡng nhóm 10 dẫn đầu", "hạng 10", 10, g["top_ten_cutoff_score"], g["gap_to_top_ten"]],
            ["Dẫn đầu", g["leader_province_names"], 1, g["leader_score"], g["gap_to_leader"]],
            ["Trung bình cả nước", None, None, g["national_mean"], g["gap_to_national_mean"]],
            ["Tốt nhất trong vùng", None, None, g["region_best_score"], g["gap_to_region_best"]],
        ]
    _sheet(book, "Khoảng cách", f"{name}: khoảng cách điểm DTI năm {year}", [
        ("So với", None), ("Tỉnh, thành phố", None), ("Hạng", RANK_FORMAT), ("Điểm", SCORE_FORMAT),
        ("Khoảng cách điểm (dương: tỉnh đang kém)", "+0.0000;-0.0000;0.0000")],
        gap_rows, ["Khoảng cách = điểm của đơn vị so sánh − điểm của tỉnh; ô trống: chưa có số liệu.",
                   sources.slide_source_line(cited, [year], True), stamp])

    _sheet(book, "Nguồn", f"Nguồn số liệu của {name}", [
        ("Năm", RANK_FORMAT), ("Dùng cho", None), ("Nơi công bố", None), ("Địa chỉ", None), ("Mức tin cậy", None)],
        [[r.year, "số liệu của tỉnh" if r.cited_for == "province" else "trung bình cả nước", r.publisher, r.source_url,
          r.tier_label] for r in sources.sources_by_year(cited, lang).itertuples()], [stamp])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

