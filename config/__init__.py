"""Default configuration as data, and the loaders that read it (settings, sources, schedule)."""
