"""Word tables for reading amounts: number words, scales, fractions, currencies, time units, qualifiers.

These are English-language tables, not domain synonyms (those live in `config/quantities.json`).
"""

from __future__ import annotations

UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

# Multipliers written after a number ("61.4 billion", "5bn", "300k").
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# Scale abbreviations that only count when glued to digits ("5m", "300k"): spaced, "5 m" is five metres.
# "mln", "bn" and the like are never anything else (wire copy writes "36.7 mln").
SHORT_SCALES = frozenset({"k", "m", "b"})

# Vague plural amounts ("hundreds of thousands"): value is the lower bound, qualifier "approximate".
VAGUE_AMOUNTS: dict[str, float] = {
    "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9,
}  # fmt: skip

# Fractions as a share in percent, so "a fifth" and "20%" compare equal.
FRACTIONS: dict[str, float] = {
    "half": 50.0, "halves": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
    "fourth": 25.0, "fourths": 25.0, "fifth": 20.0, "fifths": 20.0, "sixth": 100 / 6, "sixths": 100 / 6,
    "eighth": 12.5, "eighths": 12.5, "tenth": 10.0, "tenths": 10.0,
}  # fmt: skip

CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB", "₹": "INR",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "uah": "UAH", "rub": "RUB", "chf": "CHF", "cny": "CNY",
    "jpy": "JPY",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH", "yuan": "CNY", "yen": "JPY", "rupees": "INR",
    "francs": "CHF", "dlrs": "USD", "dlr": "USD", "stg": "GBP", "cts": "USc", "cents": "USc",
    "cent": "USc",
}  # fmt: skip

TIME_UNITS: dict[str, str] = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute", "hour": "hour",
    "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
    "months": "month", "year": "year", "years": "year", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century",
}  # fmt: skip

# Measure units -> (normalised unit, dimension). The dimension names the quantity when nothing better does.
MEASURE_UNITS: dict[str, tuple[str, str]] = {
    "km": ("km", "distance"), "kilometre": ("km", "distance"), "kilometres": ("km", "distance"),
    "kilometer": ("km", "distance"), "kilometers": ("km", "distance"), "mile": ("mile", "distance"),
    "miles": ("mile", "distance"), "metre": ("m", "distance"), "metres": ("m", "distance"),
    "meter": ("m", "distance"), "meters": ("m", "distance"), "sq km": ("km2", "area"),
    "square kilometres": ("km2", "area"), "square kilometers": ("km2", "area"),
    "square miles": ("mi2", "area"), "hectares": ("ha", "area"), "acres": ("acre", "area"),
    "tonne": ("tonne", "mass"), "tonnes": ("tonne", "mass"), "tons": ("tonne", "mass"),
    "kg": ("kg", "mass"), "kilograms": ("kg", "mass"), "barrels": ("barrel", "volume"),
    "litres": ("litre", "volume"), "liters": ("litre", "volume"), "cubic metres": ("m3", "volume"),
    "bcm": ("bcm", "volume"), "degrees": ("degree", "temperature"), "mw": ("MW", "power"),
    "megawatts": ("MW", "power"), "gigawatts": ("GW", "power"), "gw": ("GW", "power"),
}  # fmt: skip

PERCENT_WORDS = ("percentage points", "percentage point", "per cent", "percent", "pct", "%")

# Qualifier as written -> normalised qualifier. Longest phrases are tried first.
QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "close to": "nearly", "nearly": "nearly",
    "almost": "nearly", "just under": "nearly", "more than": "more than", "over": "more than",
    "just over": "more than", "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
    "up to": "up to", "as many as": "up to", "as much as": "up to", "at most": "up to",
    "exactly": "exactly", "precisely": "exactly",
}  # fmt: skip
APPROXIMATE = "approximate"

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
