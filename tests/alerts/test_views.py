"""How a notice is named in an email: the domain in the reader's language, a readable reference."""

from types import SimpleNamespace

from alerts.views import domain_label
from warning.core.store.queries import notice_reference
from warning.web.i18n import translations
from warning.web.labels import DOMAIN


def test_regulations_and_alerts_are_named_in_chinese_for_chinese_readers() -> None:
    assert domain_label("regulation", "zh") == "技术法规"
    assert domain_label("alert", "zh") == "风险预警"
    assert domain_label("TBT", "zh") == "TBT"
    assert domain_label("regulation", "en") == "Regulation"
    assert domain_label("alert", "en") == "Alert"


def test_the_emails_name_each_domain_as_the_web_pages_do() -> None:
    for language in ("zh", "en"):
        gettext = translations(language).gettext
        for domain, label in DOMAIN.items():
            assert domain_label(domain, language) == gettext(label), (language, domain)


def test_a_notice_is_referred_to_by_its_symbol_else_its_identity_without_a_url() -> None:
    wto = SimpleNamespace(symbol="G/TBT/N/EU/1004", identity="G/TBT/N/EU/1004")
    fedreg = SimpleNamespace(symbol=None, identity="fedreg:2021-14337")
    feed = SimpleNamespace(symbol=None, identity="feeds:fda-recalls:https://www.fda.gov/a/b")
    assert notice_reference(wto.symbol, wto.identity) == "G/TBT/N/EU/1004"
    assert notice_reference(fedreg.symbol, fedreg.identity) == "fedreg:2021-14337"
    assert notice_reference(feed.symbol, feed.identity) == "feeds:fda-recalls"
