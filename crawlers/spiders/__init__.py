"""Spiders: one per source (`name` = the `spider:` of its YAML), on the bases in `base.py`."""
