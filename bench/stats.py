"""Medians, p95 and the one result row every benchmark reports."""

import os
import platform
import statistics
import tomllib
from dataclasses import asdict, dataclass


@dataclass
class Result:
    """One target: value against target (met when value <= target); `detail` is for people."""

    name: str
    value: float | None
    unit: str
    target: float | None
    met: bool | None
    detail: str = ""

    def as_json(self) -> dict:
        row = asdict(self)
        row["value"] = None if self.value is None else round(self.value, 3)
        return row


def at_most(name: str, value: float | None, unit: str, target: float, detail: str = "") -> Result:
    """A result whose target is an upper bound; a missing value is a miss."""
    return Result(name, value, unit, target, None if value is None else value <= target, detail)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float]) -> float | None:
    """Nearest-rank 95th percentile (no interpolation: a value that was actually seen)."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, -(-95 * len(ordered) // 100) - 1)
    return ordered[index]


def describe(values: list[float], unit: str = "ms") -> str:
    if not values:
        return "no samples"
    return f"median {median(values):.1f} {unit}, p95 {p95(values):.1f} {unit}, n={len(values)}"


def machine_facts() -> dict:
    """nproc, CPU model, memory and versions: printed with every table."""
    cpu_model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    import duckdb
    import streamlit

    from bench.server import PROJECT_DIR

    post_script_gc = "true (default)"
    try:
        with open(PROJECT_DIR / ".streamlit" / "config.toml", "rb") as config_file:
            runner = tomllib.load(config_file).get("runner", {})
        if "postScriptGC" in runner:
            post_script_gc = str(runner["postScriptGC"]).lower() + " (.streamlit/config.toml)"
    except OSError:
        pass
    if os.environ.get("STREAMLIT_RUNNER_POST_SCRIPT_GC"):
        post_script_gc = os.environ["STREAMLIT_RUNNER_POST_SCRIPT_GC"] + " (environment)"

    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
        "streamlit": streamlit.__version__,
        "duckdb": duckdb.__version__,
        "post_script_gc": post_script_gc,
    }
