"""The one error the document parser raises for input it cannot read."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document that cannot be read as text: empty, binary junk, a broken or image-only PDF,
    an unsupported format. The message says which and is meant for the operator."""
