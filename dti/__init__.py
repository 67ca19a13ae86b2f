"""DTI dashboard logic: data, queries, formatting, simulation. Never imports streamlit."""
