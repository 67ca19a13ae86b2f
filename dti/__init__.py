"""DTI dashboard logic: data, queries, formatting, simulation. Never imports streamlit.

Importing the package wires the query runner to the store's read-only connections, so any
module used alone (a script importing only dti.scenarios) can run queries: the one place this
wiring happens (the runner and the store import nothing above them).
"""

from dti import queries as _queries
from dti import store as _store

_queries.use_connections(_store.read_connection)
