"""The labels of WTO notification forms and of the pages that republish them, by slot.

Patterns are written on the folded text (see `normalise.fold`: lower case, no accents, simplified
Chinese); a space stands for any run of white space, so labels broken across lines still match.
Kinds say how sure a match must be (see `segment`): `strong` needs a line/box anchor or a colon,
`weak` needs both, `line` needs a line start, `cjk` needs a colon, `cjkline` a colon and a line
start, `reason` an addendum checkbox (or a colon/anchor). `box` labels may follow a box number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# An explanation in brackets between a label and its colon ("Products covered (HS or ...):").
EXPL = r"(?:\s*\(.{0,500}?\)(?=\s*:))?"


@dataclass(frozen=True, slots=True)
class Label:
    slot: str
    lang: str
    kind: str
    box: bool
    regex: re.Pattern[str]


_EN = [
    ("member", "strong", True, r"(?:member to agreement notifying|notifying member(?:\(s\))?)"),
    (
        "local_government",
        "strong",
        False,
        r"if applicable, name of local government involved(?: \(articles? 3\.2 and 7\.2\))?",
    ),
    ("agency", "strong", True, r"agency responsible"),
    (
        "comment_agency",
        "strong",
        False,
        r"(?:name and address \(.{0,200}?\) of )?(?:the )?agency or authority designated to handle "
        r"comments(?: regarding the notification)?(?: (?:shall|should|can|may) be indicated if "
        r"different from above)?",
    ),
    ("notified_under", "strong", True, r"notified under(?: article)?"),
    ("products", "strong", True, r"products covered" + EXPL),
    (
        "title",
        "strong",
        True,
        r"title(?:, number of pages and language\(s\)|, "
        r"language and number of pages| and number of "
        r"pages)? of the notified document",
    ),
    ("title", "weak", True, r"title"),
    ("title_languages", "strong", False, r"language\(s\)"),
    ("pages", "strong", False, r"number of pages"),
    ("description", "strong", True, r"description of content"),
    ("description", "weak", True, r"description"),
    (
        "objectives",
        "strong",
        True,
        r"objective and rationale(?:, including the nature of urgent problems where applicable)?",
    ),
    (
        "relevant_documents",
        "strong",
        True,
        r"(?:other )?relevant documents(?: and language\(s\) "
        r"in which (?:these|they) are available)?",
    ),
    ("adoption", "strong", True, r"proposed date of adoption(?: \(dd/mm/yy(?:yy)?\))?"),
    ("publication", "strong", True, r"proposed date of publication(?: \(dd/mm/yy(?:yy)?\))?"),
    (
        "entry_into_force",
        "strong",
        True,
        r"(?:proposed )?date of entry into force(?: / "
        r"period of application(?: \(as applicable\))?)?",
    ),
    ("comment_deadline", "strong", True, r"final date for comments"),
    ("texts_available", "strong", True, r"(?:texts?|text\(s\)) (?:is |are )?available from"),
    (
        "regions",
        "strong",
        True,
        r"regions or countries likely to be affected(?:, to the extent relevant or practicable)?",
    ),
    (
        "intl_standard",
        "strong",
        True,
        r"is there a relevant international standard\?(?: if so, identify the standard)?",
    ),
    (
        "conformity",
        "strong",
        False,
        r"does this proposed regulation conform to the relevant international standard\?",
    ),
    (
        "deviation",
        "strong",
        False,
        r"if no, describe, whenever possible, how and why it deviates from the international "
        r"standard",
    ),
    (
        "urgent",
        "strong",
        True,
        r"nature of (?:the )?urgent problem\(s\)(?: and rationale for urgent "
        r"action)?",
    ),
    (
        "reasons_header",
        "strong",
        False,
        r"(?:reason for addendum|this (?:addendum|corrigendum) concerns a)",
    ),
    (
        "reason.comment_period_changed",
        "reason",
        False,
        r"(?:comment period changed(?: - date)?|modification of final date for comments)",
    ),
    (
        "reason.adopted",
        "reason",
        False,
        r"(?:notified measure adopted(?: - date)?|notification "
        r"of adoption, publication or entry into "
        r"force of (?:the )?regulation)",
    ),
    ("reason.published", "reason", False, r"notified measure published(?: - date)?"),
    (
        "reason.entered_into_force",
        "reason",
        False,
        r"notified measure (?:enters|entered) into force(?: - date)?",
    ),
    (
        "reason.final_text_available",
        "reason",
        False,
        r"text of (?:the )?final measure available from",
    ),
    (
        "reason.withdrawn",
        "reason",
        False,
        r"(?:notified measure withdrawn or revoked(?: - date)?|withdrawal of (?:the )?proposed "
        r"regulation)",
    ),
    ("relevant_symbol", "strong", False, r"relevant symbol if measure re-?notified"),
    (
        "reason.scope_changed",
        "reason",
        False,
        r"(?:content or scope of notified measure changed(?: "
        r"and text available from)?|modification "
        r"of content and/or scope of previously notified draft regulation)",
    ),
    ("new_deadline", "strong", False, r"new deadline for comments(?: \(if applicable\))?"),
    (
        "reason.interpretive_guidance",
        "reason",
        False,
        r"interpretive guidance issued(?: and text available from)?",
    ),
    (
        "reason.dates_changed",
        "reason",
        False,
        r"change in (?:the )?proposed date of adoption, "
        r"publication or (?:date of )?entry into force",
    ),
    ("reason.other", "reason", False, r"other"),
    ("comment_period", "strong", False, r"comment period"),
]

_FR = [
    ("member", "strong", True, r"membre (?:partie a l'accord )?(?:qui notifie|notifiant)"),
    (
        "local_government",
        "strong",
        False,
        r"le cas echeant, (?:nom des )?pouvoirs publics locaux concernes(?: \(articles? 3\.2 et "
        r"7\.2\))?",
    ),
    ("agency", "strong", True, r"organisme responsable"),
    (
        "comment_agency",
        "strong",
        False,
        r"(?:nom et adresse \(.{0,250}?\) de )?l'organisme ou (?:de )?l'autorite designee? pour "
        r"traiter les observations[^:]{0,150}",
    ),
    (
        "notified_under",
        "strong",
        True,
        r"(?:notification (?:presentee )?au titre de l'article|notifie au titre de l'article)",
    ),
    ("products", "strong", True, r"produits vises" + EXPL),
    (
        "title",
        "strong",
        True,
        r"intitule(?:, nombre de pages et langue\(s\))? du (?:document|texte) notifie",
    ),
    ("title", "weak", True, r"(?:titre|intitule)"),
    ("title_languages", "strong", False, r"langue\(s\)"),
    ("pages", "strong", False, r"nombre de pages"),
    ("description", "weak", True, r"(?:teneur|description)"),
    (
        "objectives",
        "strong",
        True,
        r"objectif et raison d'etre(?:, y compris (?:la "
        r"nature des problemes urgents|, le cas echeant, "
        r"la nature des problemes urgents)(?:, le cas echeant)?)?",
    ),
    (
        "relevant_documents",
        "strong",
        True,
        r"(?:autres )?documents pertinents(?: et langue\(s\) dans laquelle \(lesquelles\) ils sont "
        r"disponibles)?",
    ),
    ("adoption", "strong", True, r"date projetee (?:pour l'|de l')adoption(?: \(jj/mm/aa\))?"),
    ("publication", "strong", True, r"date projetee (?:pour la|de) publication(?: \(jj/mm/aa\))?"),
    ("entry_into_force", "strong", True, r"date projetee (?:pour l'|de l')entree en vigueur"),
    ("comment_deadline", "strong", True, r"date limite pour la presentation des observations"),
    (
        "texts_available",
        "strong",
        True,
        r"(?:textes? disponibles?|texte\(s\) disponible\(s\)) aupres (?:de|du|des)",
    ),
    (
        "regions",
        "strong",
        True,
        r"regions ou pays susceptibles d'etre concernes(?:, "
        r"dans la mesure ou cela est pertinent ou "
        r"faisable)?",
    ),
    (
        "intl_standard",
        "strong",
        True,
        r"existe-t-il une norme internationale pertinente\?(?: dans l'affirmative, indiquer "
        r"laquelle)?",
    ),
    (
        "conformity",
        "strong",
        False,
        r"la reglementation projetee est-elle conforme a la norme internationale pertinente\?",
    ),
    (
        "reasons_header",
        "strong",
        False,
        r"(?:raison de l'addendum|motif de l'addendum|le present addendum concerne)",
    ),
    (
        "reason.comment_period_changed",
        "reason",
        False,
        r"(?:(?:delai|periode) (?:pour la presentation des observations|de presentation des "
        r"observations) modifiee?(?: - date)?|modification de la date limite pour la presentation "
        r"des observations)",
    ),
    (
        "reason.adopted",
        "reason",
        False,
        r"(?:mesure notifiee adoptee(?: - date)?|notification "
        r"de l'adoption, de la publication ou de "
        r"l'entree en vigueur de la reglementation)",
    ),
    ("reason.published", "reason", False, r"mesure notifiee publiee(?: - date)?"),
    (
        "reason.entered_into_force",
        "reason",
        False,
        r"(?:mesure notifiee entree en vigueur|entree "
        r"en vigueur de la mesure notifiee)(?: - date)?",
    ),
    (
        "reason.final_text_available",
        "reason",
        False,
        r"texte de la mesure (?:finale|definitive) disponible aupres de",
    ),
    (
        "reason.withdrawn",
        "reason",
        False,
        r"(?:mesure notifiee retiree ou (?:abrogee|revoquee)(?: - date)?|retrait de la "
        r"reglementation projetee)",
    ),
    (
        "relevant_symbol",
        "strong",
        False,
        r"cote pertinente (?:si la mesure (?:est )?(?:notifiee de nouveau|renotifiee)|en cas de "
        r"nouvelle notification de la mesure)",
    ),
    (
        "reason.scope_changed",
        "reason",
        False,
        r"(?:(?:teneur|contenu) ou (?:champ d'application|portee) de la mesure notifiee modifiee?s?"
        r"(?: et texte disponible aupres de)?|modification (?:de la teneur|du contenu) et/ou (?:du "
        r"champ d'application|de la portee) du projet de reglementation (?:deja |precedemment )?"
        r"notifie)",
    ),
    (
        "new_deadline",
        "strong",
        False,
        r"nouvelle date limite pour la presentation des observations(?: \(le cas echeant\))?",
    ),
    (
        "reason.interpretive_guidance",
        "reason",
        False,
        r"(?:orientations interpretatives|document interpretatif|indications interpretatives) "
        r"publiee?s?(?: et texte disponible aupres de)?",
    ),
    (
        "reason.dates_changed",
        "reason",
        False,
        r"modification de la date projetee (?:pour l'|d')adoption, (?:de )?(?:la )?publication ou "
        r"(?:de )?(?:la date d')?entree en vigueur",
    ),
    ("reason.other", "reason", False, r"autres?"),
    (
        "comment_period",
        "strong",
        False,
        r"delai (?:pour la presentation|de presentation) des observations",
    ),
]

_ES = [
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

_ZH = [
    ("symbol", "cjk", False, r"(?:通报号|文档编号|通报编号)"),
    (
        "distribution_date",
        "cjk",
        False,
        r"(?:通报日期|发布日期|通告发布时间|通报时间|通告发布日期)",
    ),
    ("member", "cjk", True, r"(?:通报成员|通告成员|通报国|通报方)"),
    ("local_government", "cjk", False, r"如可能,列出涉及的地方政府名称(?: ?\(.{0,20}?\))?"),
    ("agency", "cjk", True, r"(?:负责机构|负责部门)"),
    ("comment_agency", "cjk", True, r"(?:负责处理反馈意见的机构|处理评议的机构)"),
    ("notified_under", "cjk", True, r"(?:通报依据的条款|通报依据条款|依据的条款|依据条款)"),
    ("notified_other", "cjk", False, r"通报依据的条款其他"),
    ("products", "cjk", True, r"(?:所覆盖的产品|所覆盖产品|覆盖的产品|覆盖产品|相关产品)" + EXPL),
    ("hs_codes", "cjk", False, r"hs号"),
    ("ics_codes", "cjk", False, r"ics号"),
    ("regions", "cjk", True, r"(?:只要相关或可行,)?可能受影响的地区或国家"),
    (
        "title",
        "cjk",
        True,
        r"(?:通报标题|通报文件的标题、语言及页数|通报文件的名称|通报文件的标题)",
    ),
    ("title", "cjkline", True, r"标题"),
    ("title_en", "cjk", False, r"英文标题"),
    ("title_languages", "cjk", False, r"(?:使用语言|通报语言|语言)"),
    ("pages", "cjk", False, r"页数"),
    ("link_field", "cjk", False, r"链接网址"),
    ("description", "cjk", True, r"(?:内容简述|内容概述|通告描述|内容摘要)"),
    ("objectives", "cjk", True, r"(?:目的和理由|目标和理由|目标与理由|目的与理由|通告目的)"),
    (
        "urgent",
        "cjk",
        True,
        r"(?:如是紧急措施,说明紧急问题的性质|紧急事件的性质及采取措施的理由|紧急问题的性质)",
    ),
    ("intl_standard", "cjk", True, r"(?:国际标准、指南或建议|是否有相关国际标准\?如有,指出标准)"),
    ("deviation", "cjk", True, r"与国际标准不符之处"),
    ("relevant_documents", "cjk", True, r"(?:可提供的相关文件及文件语种|相关文件)"),
    ("adoption", "cjk", True, r"拟批准日期"),
    ("publication", "cjk", True, r"拟公布日期"),
    ("entry_into_force", "cjk", True, r"拟生效日期"),
    (
        "comment_deadline",
        "cjk",
        True,
        r"(?:意见反馈截[至止]日期|提意见截止日期|评议截止(?:时间|日期)|意见截止日期)",
    ),
    ("comment_deadline", "cjkline", False, r"截[至止]日期"),
    ("texts_available", "cjk", True, r"文本可从以下机构得到"),
    ("keywords", "cjk", False, r"(?:关键字|关键词)"),
    ("remarks", "cjk", True, r"备注"),
    ("original_language", "cjk", False, r"原文"),
    ("attachments", "cjk", True, r"(?:通报原文|通报文本)"),
    ("attachments", "cjkline", False, r"附件"),
    ("doc_kind", "cjk", False, r"(?:通告类型|通报类型)"),
    ("reasons_header", "cjk", False, r"(?:该补遗通报涉及|本补遗涉及)"),
    ("reason.comment_period_changed", "reason", False, r"修改意见反馈截[至止]日期"),
    ("reason.adopted", "reason", False, r"法规批准、生效、公布的通报"),
    ("reason.scope_changed", "reason", False, r"修改先前通报的法规草案的内容和/或范围"),
    ("reason.withdrawn", "reason", False, r"撤销拟议法规"),
    ("reason.dates_changed", "reason", False, r"修改拟议批准、公布或生效日期"),
    ("section_en", "cjk", False, r"正文\(英\)"),
    ("ignore", "cjk", False, r"(?:字体|当前位置|您所在的位置|查看文档)"),
    ("ignore", "cjkline", False, r"(?:作者|时间|正文)"),
]

# Pages of ePing records republished with English labels (and the ePing export's headers).
_EPING = [
    ("symbol", "line", False, r"(?:document symbols?|symbol)"),
    ("distribution_date", "line", False, r"(?:distribution date|date of distribution)"),
    ("ics_codes", "strong", False, r"ics codes?"),
    ("hs_codes", "strong", False, r"hs codes?"),
    ("objectives", "line", False, r"objectives"),
    ("keywords", "line", False, r"keywords"),
    ("doc_kind", "line", False, r"notification type"),
    ("products", "line", False, r"products(?: \(free text\))?"),
]

# Viet Nam SPS enquiry point notice pages (labels without colons, one per line).
_VI = [
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


@lru_cache(maxsize=1)
def all_labels() -> tuple[Label, ...]:
    labels = []
    for lang, table in (
        ("en", _EN),
        ("fr", _FR),
        ("es", _ES),
        ("zh", _ZH),
        ("en", _EPING),
        ("vi", _VI),
    ):
        for slot, kind, box, pattern in table:
            regex = re.compile(pattern.replace(" ", r"\s+"), re.S)
            labels.append(Label(slot, lang, kind, box, regex))
    return tuple(labels)
