"""The `tbtwatch` command line: one module per command group, composed in `main`."""
