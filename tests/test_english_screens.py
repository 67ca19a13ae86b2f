"""AppTest: with lang=en the officials' six screens (home, ranking, province, movers, compare,
methodology) speak English — no Vietnamese letter is left in what they render once the official
names (provinces, indices, sources, decisions) are taken out — their sentences read as written by
hand below, and numbers take a decimal point in English and a comma in Vietnamese."""

import json
import re
import unicodedata

import pytest
from app_pages import open_page
from google.protobuf.json_format import MessageToDict

from dti import queries
from dti.display import PILLAR_LABELS
from dti.sources import short_publisher

SCREENS = ["app.py", "pages/ranking.py", "pages/province.py", "pages/movers.py", "pages/compare.py",
           "pages/methodology.py"]
UNITS = {"p63": {"province": "93"}, "p34": {"province": "92", "units": "34"}}  # Hậu Giang, Cần Thơ
# Tone marks, circumflex, breve and horn (NFD) — with đ, what only Vietnamese letters carry here.
VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
# Official names a translation keeps: decision and resolution numbers, the archipelagos, and the
# language switch, which names each language in its own words.
KEPT_PATTERNS = [r"\d+/QĐ-[A-Z]+", "Hoàng Sa", "Trường Sa", "Tiếng Việt", "Ngôn ngữ"]


def vietnamese_letters(text: str) -> set[str]:
    return {c for c in text if c in "đĐ" or VIETNAMESE_MARKS & set(unicodedata.normalize("NFD", c))}


def test_the_letter_check_finds_vietnamese_and_passes_english():
    assert vietnamese_letters("Xếp hạng") == {"ế", "ạ"}
    assert vietnamese_letters("Đà") == {"Đ", "à"}
    assert vietnamese_letters("Rank (/63) · 0.6342 × 2 → ≈17th* Σ –") == set()


@pytest.fixture(scope="module")
def official_names(built_db) -> list[str]:
    """Province names (both unit sets, former ones too), index names, source titles and
    publishers: longest first, so 'Hậu Giang' goes before a shorter name inside it."""
    names = set(PILLAR_LABELS.values())
    for unit_set in ("p63", "p34"):
        units = queries.run_query("units_in_set", built_db, unit_set=unit_set)
        names |= set(units["province_name"])
        for former in units.get("former_province_names", []):
            if isinstance(former, str):
                names |= {name.strip() for name in former.split(",")}
    indicators = queries.run_query("indicators_by_framework", built_db)
    names |= set(indicators["name_vi"]) | set(indicators["decision"])
    sources = queries.run_query("data_sources", built_db)
    names |= {str(v) for v in sources["title"].dropna()} | {str(v) for v in sources["publisher"].dropna()}
    names |= {short_publisher(p, u) for p, u in zip(sources["publisher"], sources["url"])}
    return sorted((n for n in names if n), key=len, reverse=True)


def _strings(value, skip=("geojson",)):
    """Every string inside a nested dict/list (a Plotly spec's base map shapes left out)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def rendered_text(at) -> list[str]:
    """What the screen shows or says on hover: every element's words (labels, options, help,
    Markdown, captions, notices), table headers and cells, chart titles, axes, legends, hover
    texts and notes."""
    texts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        kind = type(proto).__name__
        fields = MessageToDict(proto, preserving_proto_field_name=True)
        if kind == "Dataframe":
            fields.pop("data", None)  # Arrow bytes: read below as a table
            frame = node.value
            shown = [c for c in proto.column_order if c in frame.columns]  # hidden columns are not read
            frame = frame[shown] if shown else frame
            texts += [str(c) for c in frame.columns]
            texts += [v for column in frame.columns for v in frame[column].tolist() if isinstance(v, str)]
        if kind == "PlotlyChart":
            texts += list(_strings(json.loads(fields.pop("spec", "{}"))))
            fields.pop("config", None)
        fields.pop("id", None)
        texts += list(_strings(fields, skip=("id", "form_id", "url", "page_script_hash", "spec", "data")))
    return texts


def leftover_vietnamese(at, names: list[str]) -> dict[str, set[str]]:
    """Texts that still carry Vietnamese letters once official names are removed, with the letters."""
    found = {}
    for text in rendered_text(at):
        cleaned = text
        for pattern in KEPT_PATTERNS:
            cleaned = re.sub(pattern, "", cleaned)
        for name in names:
            cleaned = cleaned.replace(name, "")
        letters = vietnamese_letters(cleaned)
        if letters:
            found[cleaned[:200]] = letters
    return found


@pytest.mark.parametrize("unit_set", sorted(UNITS))
@pytest.mark.parametrize("screen", SCREENS)
def test_an_english_screen_shows_no_vietnamese_interface_text(official_names, screen, unit_set):
    at = open_page(screen, {**UNITS[unit_set], "lang": "en"})
    assert leftover_vietnamese(at, official_names) == {}



# Our own files (data/SOURCES.md), not a source's address that ends in .csv.
REPOSITORY_PATH = re.compile(r"(?<![/\w.])data/\w+\.(csv|md)\b")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("screen", [*SCREENS, "pages/simulator.py", "pages/plan.py", "pages/data.py"])
def test_no_screen_sends_its_reader_to_a_file_of_our_repository(built_db, screen, lang):
    # An official has the app, not our repository: "chi tiết trong data/SOURCES.md" and
    # "(data/indicators.csv, cột points)" were on the screens; the Methodology page lists the sources.
    at = open_page(screen, {"province": "93", "year": "2024", "lang": lang})
    assert [text for text in rendered_text(at) if REPOSITORY_PATH.search(text)] == []

def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_home_says_the_latest_rank_in_english(built_db):
    # 2024 (QĐ 405): 32 of the 63 scores are above Hậu Giang's 0,7093, so rank 33, computed (*);
    # 2023: 19 above its 0,7092, rank 20; 20 → 33 is 13 places down, across a change of method.
    at = open_page("app.py", {"province": "93", "lang": "en"})
    assert ("#### Hậu Giang ranked 33rd* of 63 provinces in 2024 (DTI 0.7093), down 13 places from 2023 "
            "(a change of method, so not directly comparable).") in _markdown(at)
    assert [m.value for m in at.metric][:2] == ["33/63*", "0.7093"]


def test_ranking_headline_and_numbers_in_english_and_vietnamese(built_db):
    # 2022: Đà Nẵng is first (dti.gov.vn), Hậu Giang 17th with 0,6342.
    at = open_page("pages/ranking.py", {"province": "93", "year": "2022", "lang": "en"})
    assert "#### Đà Nẵng leads; Hậu Giang is 17th of 63." in _markdown(at)
    assert at.title[0].value == "DTI ranking 2022"
    table = at.dataframe[0].value
    assert table.loc[table["province_code"] == "93", "score_text"].iloc[0] == "0.6342"
    assert all(figure["layout"]["separators"] == ".," for figure in _figures(at))
    vietnamese = open_page("pages/ranking.py", {"province": "93", "year": "2022"})
    assert "#### Đà Nẵng dẫn đầu; Hậu Giang thứ 17/63 tỉnh, thành phố." in _markdown(vietnamese)
    assert all(figure["layout"]["separators"] == ",." for figure in _figures(vietnamese))


def test_province_press_sentence_in_english(built_db):
    # 2021 rank 17 (published); 2020 rank 28 (derived from “tăng 11 bậc”): up 11, across QĐ 1726 → QĐ 922.
    at = open_page("pages/province.py", {"province": "93", "year": "2021", "lang": "en"})
    assert ("### Hậu Giang ranked 17th of 63 provinces in 2021, up 11 places from 2020 (a change of method, "
            "so not directly comparable).") in _markdown(at)


def test_movers_headline_and_title_in_english(built_db):
    # The default pair is 2022 → 2023 (one method, 63 ranked in both); Hậu Giang 17th → 20th
    # (2023: 19 scores above its 0,7092).
    at = open_page("pages/movers.py", {"province": "93", "lang": "en"})
    assert "#### 63 provinces are ranked in both 2022 and 2023; missing in 2022: 0, in 2023: 0." in _markdown(at)
    assert _figures(at)[0]["layout"]["title"]["text"].replace("<br>", " ") == (
        "Hậu Giang down 3 places from 2022 to 2023 (17th → 20th)")
    at_34 = open_page("pages/movers.py", {"province": "92", "units": "34", "lang": "en"})
    assert "#### 34 provinces are ranked in both 2022 and 2023; missing in 2022: 0, in 2023: 0." in _markdown(at_34)


def test_compare_cells_read_score_and_ordinal_in_english(built_db):
    at = open_page("pages/compare.py", {"province": "93", "provinces": "93,92", "year": "2022", "lang": "en"})
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Index", "Hậu Giang"]
    assert table.loc[table["Index"] == "DTI", "Hậu Giang"].iloc[0] == "0.6342 (17th)"
    assert _figures(at)[0]["layout"]["title"]["text"] == "DTI rank over the years, 2 provinces"
    vietnamese = open_page("pages/compare.py", {"province": "93", "provinces": "93,92", "year": "2022"})
    table = vietnamese.dataframe[0].value
    assert table.loc[table["Chỉ số"] == "Chỉ số DTI", "Hậu Giang"].iloc[0] == "0,6342 (17)"


def test_methodology_names_the_decision_in_english(built_db):
    at = open_page("pages/methodology.py", {"method": "qd922", "lang": "en"})
    assert at.radio(key="methodology_method").options == [
        "Decision 1726/QĐ-BTTTT (2020)", "Decision 922/QĐ-BTTTT (2021–2023)", "Decision 405/QĐ-BKHCN (from 2024)"]
    assert _figures(at)[0]["layout"]["title"]["text"].replace("<br>", " ") == (
        "Index structure under Decision 922/QĐ-BTTTT (20/5/2022)")


def test_home_source_line_counts_in_english(built_db):
    # Hậu Giang's DTI values 2020–2024: the 2020 rank derived (“tăng 11 bậc”), the 2023 and 2024
    # ranks computed from complete scores, every other value published.
    at = open_page("app.py", {"province": "93", "lang": "en"})
    [line] = [c.value for c in at.caption if c.value.startswith("Sources: ")]
    assert line.endswith("; * 2 values computed by the official rules from the sources above; "
                         "† 1 value derived from a published statement.")


@pytest.mark.parametrize("number, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                          (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (33, "33rd"),
                                          (63, "63rd"), (111, "111th")])
def test_english_ordinals(number, text):
    from dti.formatting import ordinal
    assert ordinal(number, "en") == text
    assert ordinal(number, "vi") == str(number)


@pytest.mark.parametrize("screen, params, notice", [
    ("pages/ranking.py", {"metric": "zzz", "year": "2022"},
     "The index “zzz” is not part of the 2022 method; showing DTI."),
    ("pages/ranking.py", {"region": "Atlantis"}, "No region “Atlantis”; showing the whole country."),
    ("pages/movers.py", {"from": "1999"}, "No data for the year “1999”; showing 2022."),
    ("pages/compare.py", {"provinces": "93,99"}, "None of the provinces has the code(s): 99 (left out)."),
    ("pages/methodology.py", {"method": "qd1"}, "No method “qd1”; showing the latest method."),
])
def test_a_bad_parameter_gets_an_english_notice(built_db, screen, params, notice):
    at = open_page(screen, {"province": "93", "lang": "en", **params})
    assert notice in [info.value for info in at.info]


def test_the_english_download_has_english_headers_and_words(built_db):
    from dti import downloads
    ranking = queries.run_query("ranking_for_year", built_db, unit_set="p63", year=2022, metric="dti")
    table = downloads.with_headers(ranking, downloads.ranking_headers("en"), "en")
    assert list(table.columns[:4]) == ["Rank", "Province code", "Province or city", "Score"]
    hau_giang = table[table["Province code"] == "93"].iloc[0]
    # 2022 rank 17 and score 0,6342 published; 2021 rank 17 by the same method (QĐ 922).
    assert (hau_giang["Score provenance"], hau_giang["Same method"]) == ("published", "yes")
    assert hau_giang["Socio-economic region"] == "Mekong River Delta"
    vietnamese = downloads.with_headers(ranking, downloads.RANKING_HEADERS)
    assert vietnamese[vietnamese["Mã tỉnh"] == "93"].iloc[0]["Cùng phương pháp"] == "có"


@pytest.mark.parametrize("screen, params", [
    ("pages/ranking.py", {"year": "2021"}),  # ranks of 36, scores of 10: the warning and the dash note
    ("pages/ranking.py", {"year": "2020", "metric": "cqs"}),  # a pillar, coloured by rank
    ("pages/ranking.py", {"year": "2022", "region": "Tây Nguyên"}),  # a region (the URL keeps its name)
    ("pages/province.py", {"year": "2020"}),  # no score, a derived rank
    ("pages/movers.py", {"from": "2020", "to": "2021"}),  # across a change of method
    ("pages/province.py", {"province": "01", "units": "34", "year": "2022"}),  # a unit that was not merged
])
def test_sparse_and_edge_views_show_no_vietnamese_interface_text(official_names, screen, params):
    at = open_page(screen, {"province": "93", "lang": "en", **params})
    assert leftover_vietnamese(at, official_names) == {}
