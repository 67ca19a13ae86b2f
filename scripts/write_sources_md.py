"""Write data/SOURCES.md from data/sources.csv (run after changing sources.csv; a test checks it is current).

    .venv/bin/python scripts/write_sources_md.py
"""

import csv
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from dti.reference import SOURCE_TIERS  # noqa: E402

DATA_DIR = PROJECT_DIR / "data"
HEADER = """# Sources

Every value in `dti_values.csv` and `national_stats.csv` names its `source_url`; this list (generated from
`sources.csv` by `scripts/write_sources_md.py`) gives each source's publisher, what it gave and its tier.
Tiers, most trusted first (as the screens name them): {tiers}.

Consolidation rules (from the collection notes): one resolved value per key; where sources disagree the higher
tier wins and the disagreement is written in the `note` column; a value obtained by arithmetic on a published
statement ("tăng 11 bậc") is `derived`, never `published`. A `compilation` (a third-party copy of an official
table) fills only what no higher tier gives, and was checked against every value an official page or the press
states (see its `gave`). `dti_evidence.csv` keeps every observation with its quote.

Values the app computes by the official rules (QĐ 922 pillars, competition ranks of complete fields, 34-unit
means of the former provinces, national means of complete fields) are not in these files: they are rebuilt
with every database version, marked `computed` (*), and name the sources of their inputs.

Boundaries: geoBoundaries (see `geo/CITATION-AND-USE-geoBoundaries.txt`). Codes and names: the national
statistics office's list. `unit_aliases.csv` adds spellings an import accepts beside those names ("TPHCM",
"Sài Gòn", "Huế"; each row says why); names are matched after `dti.names.alias_key` (no diacritics, no
"TP."/"Tỉnh" prefix, one spacing).



| source | publisher | tier | gave |
|---|---|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def sources_markdown(data_dir: Path = DATA_DIR) -> str:
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    order = {tier: position for position, tier in enumerate(SOURCE_TIERS)}
    rows.sort(key=lambda row: (order.get(row["tier"], len(order)), row["source_id"]))
    tiers = ", ".join(f"`{tier}` ({label})" for tier, label in SOURCE_TIERS.items())
    lines = [HEADER.format(tiers=tiers)]
    for row in rows:
        lines.append(f"| [{row['source_id']}]({row['url']}) | {_cell(row['publisher'])} | {row['tier']} "
                     f"| {_cell(row['gave'])} |\n")
    return "".join(lines)


if __name__ == "__main__":
    (DATA_DIR / "SOURCES.md").write_text(sources_markdown(), encoding="utf-8")
