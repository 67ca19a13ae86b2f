"""The real sources behind a set of values, as a person reads them under a chart or on a slide.

One query (queries/value_sources.sql: each value's sources, national means included), grouped
here: `source_line` for a screen (linked names, tiers, how many values each mark covers) and, with
`short=True`, for a 1280×720 slide (at most three short publishers, no links).
"""

import math

import pandas as pd

from dti import queries, registry, store, version_cache
from dti.formatting import marked_rank, with_provenance_mark
from dti.i18n import format_number, t

# Sets up to this size have their sources read whole once per data version (a province's communes);
# larger ones (the generated 10,000-unit benchmark set) are queried per view.
WHOLE_SET_UNITS = 2000
# How many sources a chart line names before it points to the methodology page.
SOURCES_NAMED = 4
# A slide's line names at most three short publishers: it stays on one or two projected lines.
PUBLISHERS_NAMED = 3


def value_sources(unit_set: str, years, province_codes, metrics, version=None, *,
                  with_national_means: bool = False) -> pd.DataFrame:
    """Each value's source (name, URL, publisher, tier) and provenance; with_national_means: also each
    national mean of those years and metrics (value_kind 'national_mean'). years or metrics None:
    all of them."""
    version = store.named_version(version)
    if registry.unit_set(unit_set, version).size > WHOLE_SET_UNITS:
        rows = queries.run_query("value_sources", version, unit_set=unit_set,
                                 years=None if years is None else [int(y) for y in years],
                                 unit_codes=[str(c) for c in province_codes],
                                 metrics=None if metrics is None else list(metrics))
        return rows if with_national_means else rows[rows["value_kind"] == "unit"].reset_index(drop=True)
    # A set's every row (≈ 3,000 for 63 provinces) read once per data version: a view's sources are then
    # a filter (1–2 ms), not a query (25 ms).
    every = version_cache.rows("value_sources", version, unit_set=unit_set, years=None, unit_codes=None, metrics=None)
    wanted = (every["value_kind"] == "unit") & every["province_code"].isin([str(c) for c in province_codes])
    if with_national_means:
        wanted |= every["value_kind"] == "national_mean"
    if years is not None:
        wanted &= every["year"].isin([int(y) for y in years])
    if metrics is not None:
        wanted &= every["metric"].isin(list(metrics))
    return every[wanted].reset_index(drop=True)


def short_publisher(publisher: str | None, url: str) -> str:
    """'github.com (PhamQuyNam/…, student project; …)' -> 'github.com'; no publisher -> the host."""
    if isinstance(publisher, str) and publisher:
        return publisher.split(" (", 1)[0].strip()
    return url.split("//", 1)[-1].split("/", 1)[0]


def source_list(sources: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """data_sources rows as the methodology page lists them. In Vietnamese the publisher is its
    name alone (the data file's notes in brackets are English: 'mic.gov.vn (reprint of …)') and a
    title quoted in English says so ('… (tiếng Anh)'): a citation keeps the source's own words.
    In another language the tier is in its words (the query gives the Vietnamese ones)."""
    if lang != "vi":
        return sources.assign(tier_label=[tier_label(tier, label, lang)
                                          for tier, label in zip(sources["tier"], sources["tier_label"], strict=True)])
    return sources.assign(
        publisher=[short_publisher(publisher, url) for publisher, url in zip(sources["publisher"], sources["url"],
                                                                             strict=True)],
        title=[f"{title} ({t('sources.in_english', lang)})" if _is_english(title) else title
               for title in sources["title"]])


def _is_english(title) -> bool:
    """A title of three or more words without a letter outside ASCII: Vietnamese titles carry
    diacritics ('Hải Dương tăng 1 bậc …'); 'HCM City ranks high in …' does not."""
    return (isinstance(title, str) and len(title.split()) >= 3
            and not any(letter.isalpha() and not letter.isascii() for letter in title))


def tier_label(tier, label_vi, lang: str = "vi") -> str | None:
    """The tier as the data names it in Vietnamese; in English from the dictionary."""
    if not isinstance(label_vi, str):
        return None
    if lang == "vi":
        return label_vi
    return t(f"sources.tier.{tier}" if isinstance(tier, str) else "sources.tier.imported", lang)


# The value_sources columns the source lines read, as plain records: pandas' groupby and filters cost
# ≈ 15 ms a line on 30 rows, a first visit's whole budget; these loops cost well under one.
_LINE_FIELDS = ("value_kind", "year", "province_code", "metric", "measure", "provenance", "is_rank_uncertain",
                "source_url", "source_title", "publisher", "tier", "tier_label", "tier_order")


# What each number's row of the per-number table reads.
_NUMBER_FIELDS = (*_LINE_FIELDS, "province_name", "value", "metric_name_vi", "metric_name_en")


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _records(rows: pd.DataFrame, years=None, kind: str | None = "unit", fields=_LINE_FIELDS) -> list[dict]:
    """value_sources rows as dicts of `fields`, only `kind` ('unit', 'national_mean'; None: both)
    and `years` (None: all); nulls, and columns the rows do not have, as None."""
    wanted_years = None if years is None else {int(y) for y in years}
    columns = [[v if _known(v) else None for v in rows[field].tolist()] if field in rows else [None] * len(rows)
               for field in fields]
    return [record for record in (dict(zip(fields, values, strict=True)) for values in zip(*columns))
            if (kind is None or record["value_kind"] == kind)
            and (wanted_years is None or int(record["year"]) in wanted_years)]


def _grouped(records: list[dict]) -> list[dict]:
    """One dict per real source (source_url, publisher, tier, tier_label, tier_order: the first known
    of its rows; value_count: its rows; name: short publisher), most trusted first, then most values."""
    groups: dict[str, dict] = {}
    for record in records:
        url = record["source_url"]
        if url is None:
            continue
        group = groups.setdefault(url, {"source_url": url, "publisher": None, "tier": None, "tier_label": None,
                                        "tier_order": None, "value_count": 0})
        group["value_count"] += 1
        for field in ("publisher", "tier", "tier_label", "tier_order"):
            if group[field] is None:
                group[field] = record[field]
    ordered = [groups[url] for url in sorted(groups)]
    for group in ordered:
        group["name"] = short_publisher(group["publisher"], group["source_url"])
    ordered.sort(key=lambda g: (g["tier_order"] is None, g["tier_order"] or 0, -g["value_count"], g["name"]))
    return ordered


def grouped_sources(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per real source behind the rows: source_url, publisher, name (short), tier,
    tier_label, tier_order, value_count (values it gives directly or through a computed value's
    inputs), most trusted first."""
    return _grouped_frame(_records(rows, kind=None))


def _grouped_frame(records: list[dict]) -> pd.DataFrame:
    columns = ["source_url", "publisher", "tier", "tier_label", "tier_order", "value_count", "name"]
    return pd.DataFrame(_grouped(records), columns=columns)


def source_line(unit_set: str, years, province_codes, metrics, version=None, *, short: bool = False,
                with_national_mean: bool = False, lang: str = "vi") -> str:
    """The source line of the values a view draws (see describe_sources)."""
    rows = value_sources(unit_set, years, province_codes, metrics, version, with_national_means=with_national_mean)
    return describe_sources(rows, short=short, with_national_mean=with_national_mean, lang=lang)


def describe_sources(rows: pd.DataFrame, years=None, *, short: bool = False, with_national_mean: bool = False,
                     lang: str = "vi") -> str:
    """From value_sources rows (only `years` where given):
    - screen: 'Nguồn: [dti.gov.vn](https://dti.gov.vn/…) (cổng chính thức …) · … · * N số liệu tính
      lại …' (Markdown), real sources with links and tiers, never a file path;
    - short (a slide): 'Nguồn: dti.gov.vn; github.com; … (trung bình cả nước: …).' at most three
      short publishers, no links."""
    values = _records(rows, years)
    means = _records(rows, years, "national_mean") if with_national_mean else []
    if short:
        return _short_line(values, means, lang)
    if not values and not means:
        return t("sources.none", lang)
    sources = _grouped(values + means)
    named = [f"[{source['name']}]({source['source_url']})"
             + (f" ({label})" if (label := tier_label(source["tier"], source["tier_label"], lang)) else "")
             for source in sources[:SOURCES_NAMED]]
    parts = [t("sources.prefix", lang) + " · ".join(named)] if named else []
    if len(sources) > SOURCES_NAMED:
        parts.append(t("sources.more", lang, n=len(sources) - SOURCES_NAMED))
    # Each number once, however many sources it has.
    numbers = list({(r["year"], r["province_code"], r["metric"], r["measure"]): r for r in reversed(values)}.values())
    computed = sum(r["provenance"] == "computed" for r in numbers)
    uncertain = sum(bool(r["is_rank_uncertain"]) for r in numbers)
    derived = sum(r["provenance"] == "derived" for r in numbers)
    imported = [r for r in numbers if r["provenance"] == "imported"]
    if computed:
        parts.append(_counted("sources.computed", computed, lang))
    if uncertain:
        parts.append(_counted("sources.uncertain", uncertain, lang))
    if derived:
        parts.append(_counted("sources.derived", derived, lang))
    if imported:
        files = ", ".join(sorted({r["source_title"] for r in imported if r["source_title"] is not None}))
        parts.append(_counted("sources.imported_files", len(imported), lang, files=files) if files
                     else _counted("sources.imported", len(imported), lang))
    generated = [r for r in numbers if r["provenance"] == "generated"]
    if generated:  # test data: say so before anything else, and never as a source
        files = ", ".join(sorted({r["source_title"] for r in generated if r["source_title"] is not None}))
        parts.insert(0, _counted("sources.generated_files", len(generated), lang, files=files) if files
                     else _counted("sources.generated", len(generated), lang))
    return "; ".join(parts) + "."


def _counted(key: str, n: int, lang: str, **values) -> str:
    """A counted phrase: the key's '_one' form for one ('1 value derived …'), else the key's."""
    return t(f"{key}_one" if n == 1 else key, lang, n=n, **values)


def _publishers(records: list[dict], lang: str) -> list[str]:
    """Short publisher names, most trusted first: the first three and a count of the others."""
    names = list(dict.fromkeys(source["name"] for source in _grouped(records)))
    if len(names) > PUBLISHERS_NAMED:
        return [*names[:PUBLISHERS_NAMED], t("sources.more_short", lang, n=len(names) - PUBLISHERS_NAMED)]
    return names


def _short_line(values: list[dict], means: list[dict], lang: str) -> str:
    own = _publishers(values, lang)
    is_computed = any(r["provenance"] == "computed" for r in values)
    parts = own or ([] if is_computed else [t("sources.fallback", lang)])
    if is_computed:
        parts.append(t("sources.short_computed", lang))
    text = t("sources.prefix", lang) + "; ".join(parts)
    mean_publishers = _publishers(means, lang)
    if mean_publishers:
        text += t("sources.short_means", lang, publishers="; ".join(mean_publishers))
    return text + "."


def slide_source_line(rows: pd.DataFrame, years, with_mean: bool, lang: str = "vi") -> str:
    """A slide's or a file's short source line for the given years (the briefing and the exports)."""
    return describe_sources(rows, years, short=True, with_national_mean=with_mean, lang=lang)


def cited_sources(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The sources a profile lists: those of the unit's values in any year and of the year's national
    means; one row each (source_url, publisher: the full one, else the host), most trusted first."""
    grouped = _grouped_frame(_records(rows) + _records(rows, [year], "national_mean"))
    grouped["publisher"] = [p if isinstance(p, str) and p else n
                            for p, n in zip(grouped["publisher"], grouped["name"], strict=True)]
    return grouped


def sources_by_year(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per (year, cited_for, source): what a workbook's sources sheet lists. cited_for is
    'province' (the unit's own values, computed ones through their inputs) or 'national_mean'."""
    cited = rows[rows["source_url"].notna()].assign(
        cited_for=lambda frame: frame["value_kind"].map({"unit": "province", "national_mean": "national_mean"}))
    grouped = (cited.groupby(["year", "cited_for", "source_url"], as_index=False)
               .agg(publisher=("publisher", "first"), tier=("tier", "first"), tier_label=("tier_label", "first"),
                    tier_order=("tier_order", "first"), value_count=("metric", "size")))
    grouped["publisher"] = [short_publisher(p, u) if not isinstance(p, str) else p
                            for p, u in zip(grouped["publisher"], grouped["source_url"], strict=True)]
    grouped["tier_label"] = [tier_label(tier, label, lang)
                             for tier, label in zip(grouped["tier"], grouped["tier_label"], strict=True)]
    return grouped.sort_values(["year", "cited_for", "tier_order", "value_count", "publisher"],
                               ascending=[True, False, True, False, True], ignore_index=True)


# Markdown's special characters inside a table cell (data text shown literally, links kept ours);
# '-', '+', '#', '.', '()' start nothing inside a cell, and names such as 'Bà Rịa - Vũng Tàu' stay as written.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]|<>~$"})


def _literal(text) -> str:
    return str(text).translate(_MARKDOWN_SPECIAL)


def _number_text(measure: str, value: float, provenance: str, uncertain, lang: str) -> str:
    if measure == "rank":
        return t("sources.rank_value", lang, value=marked_rank(value, provenance, uncertain))
    return t("sources.score_value", lang, value=with_provenance_mark(format_number(value, lang), provenance))


def number_sources(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per number in value_sources rows (national means too): unit, year, index, the number
    with its mark, its sources as Markdown links (a computed number: its inputs' sources; a rank
    ranked from a complete field: that field), their tiers in words, and how it was obtained."""
    columns = ["unit", "year", "index", "number", "sources", "tiers", "how"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    key = ["value_kind", "year", "province_code", "metric", "measure"]
    # Plain records sorted and grouped in Python: a pandas group per number cost ≈ 1 ms each (126 numbers
    # on the ranking: 140 ms on a first visit), pandas' sort and to_dict still 4–8 ms; this costs one.
    ordered = sorted(_records(rows, kind=None, fields=_NUMBER_FIELDS), key=lambda r: (
        r["value_kind"] == "national_mean", r["year"], r["province_name"] is not None, r["province_name"] or "",
        r["metric"], r["measure"], 99 if r["tier_order"] is None else r["tier_order"]))
    groups: dict[tuple, list[dict]] = {}
    for record in ordered:
        groups.setdefault(tuple(record[k] for k in key), []).append(record)
    numbers = []
    for group in groups.values():
        first = group[0]
        is_mean = first["value_kind"] == "national_mean"
        linked, tiers = [], []
        for row in group:
            url = row["source_url"]
            if isinstance(url, str):
                linked.append(f"[{_literal(short_publisher(row['publisher'], url))}]({url})")
            elif isinstance(row["source_title"], str):  # an imported file: its name, literally
                linked.append(_literal(row["source_title"]))
            label = tier_label(row["tier"], row["tier_label"], lang)
            if label:
                tiers.append(label)
        if not linked:  # computed from the whole field: a rank, or a mean of every unit's score
            linked.append(t("sources.from_field_mean" if is_mean else "sources.from_field", lang))
        is_computed_rank = first["provenance"] == "computed" and first["measure"] == "rank"
        how = "computed_rank" if is_computed_rank else first["provenance"]
        name = "DTI" if first["metric"] == "dti" else first[f"metric_name_{'vi' if lang == 'vi' else 'en'}"]
        numbers.append({
            "unit": t("sources.nation", lang) if is_mean else first["province_name"],
            "year": int(first["year"]),
            "index": name if isinstance(name, str) else str(first["metric"]).upper(),
            "number": _number_text(first["measure"], first["value"], first["provenance"],
                                   first["is_rank_uncertain"], lang),
            "sources": "; ".join(dict.fromkeys(linked)),
            "tiers": "; ".join(dict.fromkeys(tiers)),
            "how": t(f"sources.how.{how}", lang),
        })
    return pd.DataFrame(numbers, columns=columns)


def number_sources_markdown(numbers: pd.DataFrame, lang: str = "vi") -> str:
    """number_sources as a Markdown table (cells that hold several links need Markdown)."""
    columns = list(numbers.columns)
    header = "| " + " | ".join(t(f"sources.column.{c}", lang) for c in columns) + " |"
    lines = [header, "|" + "---|" * len(columns)]
    for row in numbers.itertuples(index=False):
        cells = [value if column == "sources" else _literal(value) for column, value in zip(columns, row, strict=True)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)
