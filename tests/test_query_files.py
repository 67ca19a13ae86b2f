"""Meta test: every queries/*.sql (and queries/checks/*.sql) states its grain and binds what it declares."""

import re

import pytest

from dti.config import QUERIES_DIR
from dti.queries import load_query

SQL_FILES = sorted(QUERIES_DIR.rglob("*.sql"))


def test_there_are_queries():
    assert len(SQL_FILES) >= 6


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_query_has_header_and_declared_params_match_used(path):
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("--")]
    assert header and header[0] == f"-- {path.name}", "first line names the file"
    assert any(line.startswith("-- Grain:") for line in header), "states its grain"
    assert any(line.startswith("-- Params:") for line in header), "declares its params (or 'none')"
    body = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", body))
    assert set(load_query(path.relative_to(QUERIES_DIR).with_suffix("").as_posix()).declared_params) == used


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.name)
def test_query_is_one_statement_with_no_dense_rank(path):
    body = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    assert ";" not in body.strip().rstrip(";")
    assert "dense_rank" not in body and "row_number" not in body
