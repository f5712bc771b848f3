"""The web app: reviewer workspace, exporter pages, JSON API and feeds (FastAPI + Jinja2)."""
