"""Streamlit-side helpers shared by app.py and pages/: sidebar, URL state, cached queries."""
