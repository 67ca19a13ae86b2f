"""Resolve what a person types (a code, a name in any spelling) to a unit of a set."""

from dataclasses import dataclass

from dti import queries, registry
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
    found = queries.run_query("unit_code_for_alias", version, unit_set=unit_set, alias_key=key)
    if len(found) == 1:
        return ResolvedUnit(found["province_code"].iloc[0], found["province_name"].iloc[0])
    if unit_set == "p34":
        former = queries.run_query("unit_code_for_alias", version, unit_set="p63", alias_key=key)
        if len(former) == 1:
            p63 = queries.run_query("units_in_set", version, unit_set="p63")
            row = p63[p63["province_code"] == former["province_code"].iloc[0]].iloc[0]
            successor = resolve_unit("p34", row["successor_code"], version)
            notice = (f"{row['province_name']} đã hợp nhất vào {successor.name} từ 1/7/2025; "
                      f"đang hiển thị {successor.name}.")
            return ResolvedUnit(successor.code, successor.name, notice)
    units = registry.unit_set(unit_set, version)
    raise UnknownUnit(f"Không tìm thấy {units.noun_vi} '{text}' trong danh sách {units.short_label}.")
