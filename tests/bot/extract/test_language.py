"""The cheap English check: False for other languages, True for English including bad translations."""

from __future__ import annotations

import pytest

from bot.extract.language import is_english

FOREIGN = {
    "french": (
        "Le président ukrainien a déclaré mardi que les négociations avec la Russie se poursuivraient "
        "à Istanbul. Selon le ministère de la Défense, les troupes russes se sont retirées."
    ),
    "german": (
        "Die Vereinigten Staaten haben die wichtigste Forderung Russlands nach einem dauerhaften Verbot "
        "eines NATO-Beitritts der Ukraine zurückgewiesen. Außenminister Blinken sagte, die Tür bleibe offen."
    ),
    "spanish": (
        "El secretario de Estado de Estados Unidos dijo el martes que Washington reanudará la ayuda militar "
        "a Ucrania después de las conversaciones en Yeda, donde Kiev aceptó una propuesta de alto el fuego."
    ),
    "russian": (
        "Пресс-секретарь Пентагона Джон Кирби заявил во вторник, что США не считают, что Россия ослабит "
        "наступление на Киев."
    ),
    "ukrainian": (
        "Міністр оборони України Олексій Резніков заявив, що наразі немає підстав вважати, що Росія "
        "найближчим часом почне наступ."
    ),
    "italian": (
        "Il presidente ucraino ha detto che i colloqui con la Russia continueranno. Secondo il ministero "
        "della Difesa, le truppe russe non sono ancora state ritirate dalla regione di Kiev."
    ),
}

ENGLISH = {
    "plain": "The United States on Wednesday rejected Russia's main demand and said it was ready for talks.",
    "machine_translated": (
        "However, he made a clear stance that the United States It will not yield to Russia's main demand "
        "for a permanent ban on Ukraine from joining NATO."
    ),
    "headline_and_names": "Kirby: Russia is repositioning, not withdrawing, from Kyiv and Chernihiv",
}


@pytest.mark.parametrize("text", FOREIGN.values(), ids=FOREIGN.keys())
def test_language_other_languages_are_not_english(text):
    assert is_english(text) is False


@pytest.mark.parametrize("text", ENGLISH.values(), ids=ENGLISH.keys())
def test_language_english_is_english(text):
    assert is_english(text) is True


def test_language_every_seed_is_english(seed_texts):
    assert all(is_english(text) for text in seed_texts.values())


def test_language_every_long_seed_paragraph_is_english(seed_texts):
    paragraphs = [p for text in seed_texts.values() for p in text.split("\n\n") if len(p.split()) >= 25]
    assert paragraphs
    assert all(is_english(p) for p in paragraphs)
