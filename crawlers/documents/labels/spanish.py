"""Spanish labels of the WTO TBT and SPS forms (regular, addendum)."""

from __future__ import annotations

from crawlers.documents.labels.kinds import EXPL

ES = [
    ("member", "strong", True, r"miembro que notifica"),
    (
        "local_government",
        "strong",
        False,
        r"si procede, nombre del gobierno local de que se trate(?: \(articulos? 3\.2 y 7\.2\))?",
    ),
    ("agency", "strong", True, r"organismo responsable"),
    (
        "comment_agency",
        "strong",
        False,
        r"(?:nombre y direccion \(.{0,250}?\) del )?organismo "
        r"o autoridad (?:designad[oa]|encargad[oa])"
        r" (?:de|para) (?:la tramitacion de|tramitar) (?:las )?observaciones[^:]{0,150}",
    ),
    ("notified_under", "strong", True, r"notificacion hecha en virtud del articulo"),
    ("products", "strong", True, r"productos abarcados" + EXPL),
    (
        "title",
        "strong",
        True,
        r"titulo(?:, numero de paginas e idioma\(s\))? del (?:documento|texto) notificado",
    ),
    ("title", "weak", True, r"titulo"),
    ("title_languages", "strong", False, r"idioma\(s\)"),
    ("pages", "strong", False, r"numero de paginas"),
    ("description", "strong", True, r"descripcion del contenido"),
    ("description", "weak", True, r"descripcion"),
    (
        "objectives",
        "strong",
        True,
        r"objetivo y razon de ser(?:, incluida, cuando proceda, la indole de los problemas "
        r"urgentes)?",
    ),
    (
        "relevant_documents",
        "strong",
        True,
        r"(?:otros )?documentos pertinentes(?: e idioma\(s\) en (?:que|los que) (?:estos )?"
        r"(?:estan|esta) disponibles?)?",
    ),
    ("adoption", "strong", True, r"fecha propuesta (?:de|para la) adopcion(?: \(dd/mm/aa\))?"),
    (
        "publication",
        "strong",
        True,
        r"fecha propuesta (?:de|para la) publicacion(?: \(dd/mm/aa\))?",
    ),
    ("entry_into_force", "strong", True, r"fecha propuesta (?:de|para la) entrada en vigor"),
    ("comment_deadline", "strong", True, r"fecha limite para la presentacion de observaciones"),
    ("texts_available", "strong", True, r"(?:textos? disponibles?|texto\(s\) disponible\(s\)) en"),
    (
        "regions",
        "strong",
        True,
        r"regiones o paises que (?:podrian|pueden) verse afectados(?:, en la medida en que sea "
        r"(?:procedente|pertinente) o factible)?",
    ),
    (
        "intl_standard",
        "strong",
        True,
        r"¿?existe una norma internacional pertinente\?(?: "
        r"de ser asi, indiquese (?:cual|la norma))?",
    ),
    (
        "conformity",
        "strong",
        False,
        r"¿?se ajusta la reglamentacion propuesta a la norma internacional pertinente\?",
    ),
    (
        "reasons_header",
        "strong",
        False,
        r"(?:motivo de la adicion|la presente adicion se refiere a)",
    ),
    (
        "reason.comment_period_changed",
        "reason",
        False,
        r"(?:modificacion del plazo (?:para presentar|de "
        r"presentacion de) observaciones(?: - fecha)?"
        r"|plazo (?:para presentar|de presentacion de) observaciones modificado(?: - fecha)?)",
    ),
    (
        "reason.adopted",
        "reason",
        False,
        r"(?:(?:adopcion de la medida notificada|medida notificada adoptada)(?: - fecha)?|"
        r"notificacion de la adopcion, publicacion o entrada en vigor del reglamento)",
    ),
    (
        "reason.published",
        "reason",
        False,
        r"(?:publicacion de la medida notificada|medida notificada publicada)(?: - fecha)?",
    ),
    (
        "reason.entered_into_force",
        "reason",
        False,
        r"(?:entrada en vigor de la medida notificada|medida "
        r"notificada entra en vigor)(?: - fecha)?",
    ),
    (
        "reason.final_text_available",
        "reason",
        False,
        r"texto de la medida (?:definitiva|final) disponible en",
    ),
    (
        "reason.withdrawn",
        "reason",
        False,
        r"(?:(?:retiro o derogacion de la medida notificada|medida notificada retirada o derogada)"
        r"(?: - fecha)?|retiro (?:del reglamento propuesto|de la reglamentacion propuesta))",
    ),
    (
        "relevant_symbol",
        "strong",
        False,
        r"signatura pertinente (?:si|en caso de que) (?:se vuelve|se vuelva) a notificar la medida",
    ),
    (
        "reason.scope_changed",
        "reason",
        False,
        r"modificacion del contenido (?:o|y/o) (?:del )?ambito de aplicacion (?:de la medida "
        r"notificada(?: y texto disponible en)?|de un proyecto de reglamento (?:previamente )?"
        r"notificado)",
    ),
    (
        "new_deadline",
        "strong",
        False,
        r"nuevo plazo para (?:presentar|la presentacion de) observaciones(?: \(si procede\))?",
    ),
    (
        "reason.interpretive_guidance",
        "reason",
        False,
        r"(?:publicacion de )?(?:directrices|orientaciones) interpretativas(?: publicadas)?"
        r"(?: y texto disponible en)?",
    ),
    (
        "reason.dates_changed",
        "reason",
        False,
        r"(?:cambio|modificacion) de la fecha propuesta de adopcion, publicacion o (?:fecha de )?"
        r"entrada en vigor",
    ),
    ("reason.other", "reason", False, r"otros?"),
    (
        "comment_period",
        "strong",
        False,
        r"plazo para (?:presentar|la presentacion de) observaciones",
    ),
]
