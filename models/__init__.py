"""The multilingual classifier: text and codes in, categories with scores and evidence out."""
