"""The real sources behind a set of values, as a person reads them under a chart."""

import pandas as pd

from dti import queries
from dti.i18n import language, t

# How many sources a chart line names before it points to the methodology page.
SOURCES_NAMED = 4


def value_sources(unit_set: str, years, province_codes, metrics, version=None) -> pd.DataFrame:
    """Each value's source (name, URL, publisher, tier) and provenance (queries/value_sources.sql)."""
    return queries.run_query("value_sources", version, unit_set=unit_set, years=[int(y) for y in years],
                             unit_codes=[str(c) for c in province_codes], metrics=list(metrics))


def short_publisher(publisher: str | None, url: str) -> str:
    """'github.com (PhamQuyNam/…, student project; …)' -> 'github.com'; no publisher -> the host."""
    if publisher:
        return publisher.split(" (", 1)[0].strip()
    return url.split("//", 1)[-1].split("/", 1)[0]


def chart_sources(unit_set: str, years, province_codes, metrics, version=None) -> pd.DataFrame:
    """One row per real source behind the values: publisher, url, tier_label, tier_order,
    value_count (values it gives directly or through a computed value's inputs), most trusted first."""
    rows = value_sources(unit_set, years, province_codes, metrics, version)
    cited = rows[rows["source_url"].notna()]
    grouped = (cited.groupby(["source_url"], as_index=False)
               .agg(publisher=("publisher", "first"), tier_label=("tier_label", "first"),
                    tier_order=("tier_order", "first"), value_count=("province_code", "size")))
    grouped["name"] = [short_publisher(p, u) for p, u in zip(grouped["publisher"], grouped["source_url"],
                                                               strict=True)]
    return grouped.sort_values(["tier_order", "value_count", "name"], ascending=[True, False, True],
                               ignore_index=True)


def source_line(unit_set: str, years, province_codes, metrics, version=None, lang: str = "vi") -> str:
    """'Nguồn: [dti.gov.vn](https://dti.gov.vn/…) (cổng chính thức …) · … · * N số liệu tính lại …'
    (Markdown) for the values a chart draws; names real sources with links, never a file path.
    English with lang="en" (the sources' own names stay as they are)."""
    if language(lang) != "vi":
        return _source_line_translated(unit_set, years, province_codes, metrics, version, lang)
    rows = value_sources(unit_set, years, province_codes, metrics, version)
    if rows.empty:
        return "Nguồn: chưa có số liệu."
    sources = chart_sources(unit_set, years, province_codes, metrics, version)
    named = [f"[{row.name}]({row.source_url}) ({row.tier_label})"
             for row in sources.head(SOURCES_NAMED).itertuples()]
    parts = ["Nguồn: " + " · ".join(named)] if named else []
    if len(sources) > SOURCES_NAMED:
        parts.append(f"và {len(sources) - SOURCES_NAMED} nguồn khác (trang Phương pháp)")
    values = rows.drop_duplicates(["year", "province_code", "metric", "measure"])
    computed = int((values["provenance"] == "computed").sum())
    uncertain = int(values["is_rank_uncertain"].fillna(False).astype(bool).sum())
    derived = int((values["provenance"] == "derived").sum())
    imported = values[values["provenance"] == "imported"]
    if computed:
        parts.append(f"* {computed} số liệu tính lại theo quy tắc chính thức từ các nguồn trên")
    if uncertain:
        parts.append(f"≈ {uncertain} thứ hạng tính lại có thể lệch vì điểm sát nhau trong sai số làm tròn")
    if derived:
        parts.append(f"† {derived} số liệu suy ra từ thông tin công bố")
    if len(imported):
        files = ", ".join(sorted(set(imported["source_title"].dropna())))
        parts.append(f"ⁱ {len(imported)} số liệu nhập từ tệp kết quả" + (f" ({files})" if files else ""))
    return "; ".join(parts) + "."


def tier_label(tier_order, lang: str = "vi") -> str:
    """A source tier in words by its order (1 = official dti.gov.vn … 5 = compilation); an
    imported file's tier (no order) reads as such."""
    if tier_order is None or pd.isna(tier_order):  # a user's imported file
        return t("srcline.tier_imported", lang)
    return t(f"srcline.tier_{int(tier_order)}", lang)


def _source_line_translated(unit_set: str, years, province_codes, metrics, version, lang: str) -> str:
    """source_line's sentence in another language: the same sources, counts and marks."""
    rows = value_sources(unit_set, years, province_codes, metrics, version)
    if rows.empty:
        return t("srcline.none", lang)
    sources = chart_sources(unit_set, years, province_codes, metrics, version)
    named = [f"[{row.name}]({row.source_url}) ({tier_label(row.tier_order, lang)})"
             for row in sources.head(SOURCES_NAMED).itertuples()]
    parts = [t("srcline.sources", lang, named=" · ".join(named))] if named else []
    if len(sources) > SOURCES_NAMED:
        parts.append(t("srcline.more", lang, n=len(sources) - SOURCES_NAMED))
    values = rows.drop_duplicates(["year", "province_code", "metric", "measure"])
    counts = (("computed", int((values["provenance"] == "computed").sum())),
              ("uncertain", int(values["is_rank_uncertain"].fillna(False).astype(bool).sum())),
              ("derived", int((values["provenance"] == "derived").sum())))
    counts += (("imported", int((values["provenance"] == "imported").sum())),)
    parts += [t(f"srcline.{kind}" + ("_one" if count == 1 else ""), lang, n=count) for kind, count in counts if count]
    imported = values[values["provenance"] == "imported"]
    files = ", ".join(sorted(set(imported["source_title"].dropna())))
    if files:
        parts[-1] += f" ({files})"
    return "; ".join(parts) + "."
