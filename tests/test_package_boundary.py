"""The package `dti/` is plain Python: no module imports streamlit, directly or through
another module (the CLI and the importer run without it; ui/ is the Streamlit side)."""

import json
import subprocess
import sys

from dti.config import PROJECT_DIR

IMPORT_ALL = """
import importlib, json, pathlib, sys
for path in sorted(pathlib.Path("dti").rglob("*.py")):  # subpackages (dti/exports/) too
    if path.stem != "__main__":  # runs the CLI; it only imports dti.cli
        importlib.import_module(".".join(path.with_suffix("").parts).removesuffix(".__init__"))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "streamlit")))
"""


def test_no_dti_module_imports_streamlit():
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_the_check_sees_an_import_of_streamlit():
    # The same check on a module that does import it: the test above can fail.
    probe = IMPORT_ALL.replace("print(", "import streamlit\nprint(")
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=120)
    assert "streamlit" in json.loads(done.stdout)
