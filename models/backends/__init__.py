"""Text backends: the embedded default and transformers models loaded from a local directory."""
