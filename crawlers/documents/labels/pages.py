"""Labels of pages republishing ePing records (English) and of the Viet Nam SPS enquiry
point's notice pages."""

from __future__ import annotations

# Pages of ePing records republished with English labels (and the ePing export's headers).
EPING = [
    ("symbol", "weak", False, r"(?:document symbols?|symbol)"),
    ("distribution_date", "weak", False, r"(?:distribution date|date of distribution)"),
    ("ics_codes", "strong", False, r"ics codes?"),
    ("hs_codes", "strong", False, r"hs codes?"),
    ("objectives", "weak", False, r"objectives"),
    ("keywords", "weak", False, r"keywords"),
    ("doc_kind", "weak", False, r"notification type"),
    ("products", "weak", False, r"products(?: \(free text\))?"),
    ("doc_kind", "weak", False, r"area"),
    ("regions", "weak", False, r"regions or countries affected"),
    (
        "link_field",
        "weak",
        False,
        r"(?:links? to (?:the )?notification(?: \((?:en|es|fr)\))?"
        r"|link\(s\) to full text|notified document)",
    ),
]


# Viet Nam SPS enquiry point notice pages (labels without colons, one per line).
VI = [
    ("symbol", "line", False, r"ma wto"),
    ("distribution_date", "line", False, r"ngay thong bao"),
    ("doc_kind", "line", False, r"loai thong bao"),
    ("title", "line", False, r"tieu de"),
    ("description", "line", False, r"tom tat"),
    ("products", "line", False, r"san pham"),
    ("member", "line", False, r"quoc gia"),
    ("attachments", "line", False, r"tep dinh kem"),
    ("ignore", "line", False, r"(?:thong bao khac|bieu mau thong bao)"),
]
