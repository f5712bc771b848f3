"""Route modules of the web app; each exposes `router`."""
