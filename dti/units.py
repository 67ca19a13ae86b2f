"""Resolve what a person types (a code, a name in any spelling) to a unit of a set."""

import functools
from dataclasses import dataclass

from dti import queries, registry, store
from dti.names import alias_key


class UnknownUnit(LookupError):
    """The text names no unit of the set; the message is for the user."""


@dataclass(frozen=True)
class ResolvedUnit:
    code: str
    name: str
    notice: str | None = None  # set when a p63 province was mapped to its p34 successor


def resolve_unit(unit_set: str, text: str, version=None) -> ResolvedUnit:
    """A code ('93', '9' -> '09') or a name ('Hau Giang', 'TP. Cần Thơ') -> the unit.

    In p34, a p63 province that no longer exists maps to its successor, with a notice.
    """
    text = str(text).strip()
    key = text.zfill(2) if text.isdigit() else alias_key(text)
    found = unit_for_key(unit_set, key, version)
    if found is not None:
        return ResolvedUnit(*found)
    if unit_set == "p34":
        former = unit_for_key("p63", key, version)
        if former is not None:
            p63 = queries.run_query("units_in_set", version, unit_set="p63")
            row = p63[p63["province_code"] == former[0]].iloc[0]
            successor = resolve_unit("p34", row["successor_code"], version)
            notice = (f"{row['province_name']} đã hợp nhất vào {successor.name} từ 1/7/2025; "
                      f"đang hiển thị {successor.name}.")
            return ResolvedUnit(successor.code, successor.name, notice)
    units = registry.unit_set(unit_set, version)
    raise UnknownUnit(f"Không tìm thấy {units.noun_vi} '{text}' trong danh sách {units.short_label}.")


def unit_for_key(unit_set: str, key: str, version=None) -> tuple[str, str] | None:
    """(code, name) of the one unit of the set whose code or normalised name (dti.names.alias_key)
    is `key`; None where none is, or more than one."""
    names, codes_by_alias = _lookup(unit_set, store.named_version(version))
    codes = codes_by_alias.get(key, set()) | ({key} if key in names else set())
    if len(codes) != 1:
        return None
    code = next(iter(codes))
    return code, names[code]


@functools.lru_cache(maxsize=32)
def _lookup(unit_set: str, version: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The set's names by code and its codes by accepted spelling, read once per data version: a
    visitor's province change resolved its URL text with a query (3–5 ms) each time."""
    units = queries.run_query("units_in_set", version, unit_set=unit_set)
    names = dict(zip(units["province_code"].astype(str), units["province_name"].astype(str), strict=True))
    codes_by_alias: dict[str, set[str]] = {}
    aliases = queries.run_query("unit_aliases_in_set", version, unit_set=unit_set)
    for alias, code in zip(aliases["alias_key"], aliases["province_code"], strict=True):
        if code in names:
            codes_by_alias.setdefault(str(alias), set()).add(str(code))
    return names, codes_by_alias
