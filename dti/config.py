"""Where things live and the deployment's settings (environment variables)."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
QUERIES_DIR = PROJECT_DIR / "queries"


def database_dir() -> Path:
    """Folder of the versioned database files and their CURRENT pointer."""
    return Path(os.environ.get("DTI_DB_DIR", DATA_DIR / "db"))


def home_province_code() -> str:
    """The deployment's home province (official p63 code as text), `93` unless configured."""
    return os.environ.get("DTI_HOME_PROVINCE", "93")


def write_lock_wait_seconds() -> float:
    """How long a writer waits for another writer's lock before saying who holds it."""
    try:
        return max(0.0, float(os.environ.get("DTI_WRITE_LOCK_WAIT_SECONDS", "30")))
    except ValueError:
        return 30.0
