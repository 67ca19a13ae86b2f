"""Where things live and the deployment's settings (environment variables)."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PROJECT_DIR / "queries"


def database_dir() -> Path:
    """Folder of the versioned database files and their CURRENT pointer."""
    return Path(os.environ.get("DTI_DB_DIR", DATA_DIR / "db"))


def results_backend() -> str:
    """How readers get a results version: "duckdb" (the versioned files, default) or "parquet"
    (Parquet files exported per version, read through DuckDB views: dti.parquet_results)."""
    return "parquet" if os.environ.get("DTI_RESULTS_BACKEND", "").strip().lower() == "parquet" else "duckdb"


def parquet_dir() -> Path:
    """Folder of the exported Parquet versions and their CURRENT pointer (DTI_PARQUET_DIR)."""
    return Path(os.environ.get("DTI_PARQUET_DIR", DATA_DIR / "parquet"))


# The default home unit per unit set: Hậu Giang (p63) and Cần Thơ (p34), which it merged into.
DEFAULT_HOME_PROVINCE = {"p63": "93", "p34": "92"}
HOME_UNITS_BY_SETTING = {"63": "p63", "34": "p34"}


def home_unit_set() -> str:
    """The unit set of the deployment's home unit: DTI_HOME_UNITS = 63 (default) or 34."""
    setting = os.environ.get("DTI_HOME_UNITS", "63").strip()
    return HOME_UNITS_BY_SETTING.get(setting, "p63")


def home_province_code() -> str:
    """The deployment's home unit (official code as text, in home_unit_set()): DTI_HOME_PROVINCE,
    else 93 (Hậu Giang) in p63 and 92 (Cần Thơ) in p34. A URL may name another unit."""
    configured = os.environ.get("DTI_HOME_PROVINCE", "").strip()
    return configured or DEFAULT_HOME_PROVINCE[home_unit_set()]


def write_lock_wait_seconds() -> float:
    """How long a writer waits for another writer's lock before saying who holds it."""
    try:
        return max(0.0, float(os.environ.get("DTI_WRITE_LOCK_WAIT_SECONDS", "30")))
    except ValueError:
        return 30.0
