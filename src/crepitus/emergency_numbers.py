"""The number to call in an emergency, by region: the emergency page shows it as a link to tap.

The region comes from the ``region`` setting (a two-letter country code), never from the
language: Spanish is spoken where the number is 112 and where it is 911. With no region set, the
page shows the three most widely used numbers, each with where it applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from crepitus.i18n import N_


@dataclass(frozen=True, slots=True)
class EmergencyNumber:
    number: str
    where: str  # where it applies, as the page says it ("in the United Kingdom")


_EU = N_("in the European Union")
NUMBERS: dict[str, EmergencyNumber] = {
    "AT": EmergencyNumber("112", N_("in Austria")),
    "AU": EmergencyNumber("000", N_("in Australia")),
    "BE": EmergencyNumber("112", N_("in Belgium")),
    "CA": EmergencyNumber("911", N_("in Canada")),
    "CH": EmergencyNumber("144", N_("in Switzerland (ambulance)")),
    "DE": EmergencyNumber("112", N_("in Germany")),
    "DK": EmergencyNumber("112", N_("in Denmark")),
    "ES": EmergencyNumber("112", N_("in Spain")),
    "EU": EmergencyNumber("112", _EU),
    "FI": EmergencyNumber("112", N_("in Finland")),
    "FR": EmergencyNumber("15", N_("in France (ambulance, SAMU)")),
    "GB": EmergencyNumber("999", N_("in the United Kingdom")),
    "IE": EmergencyNumber("112", N_("in Ireland")),
    "IN": EmergencyNumber("112", N_("in India")),
    "IT": EmergencyNumber("112", N_("in Italy")),
    "MX": EmergencyNumber("911", N_("in Mexico")),
    "NL": EmergencyNumber("112", N_("in the Netherlands")),
    "NO": EmergencyNumber("113", N_("in Norway (ambulance)")),
    "NZ": EmergencyNumber("111", N_("in New Zealand")),
    "PL": EmergencyNumber("112", N_("in Poland")),
    "PT": EmergencyNumber("112", N_("in Portugal")),
    "SE": EmergencyNumber("112", N_("in Sweden")),
    "US": EmergencyNumber("911", N_("in the United States")),
}

# No region set: the three numbers most people can reach, each saying where it applies.
UNSET: tuple[EmergencyNumber, ...] = (
    EmergencyNumber("112", N_("in the European Union and many other countries")),
    EmergencyNumber("911", N_("in the United States, Canada and Mexico")),
    EmergencyNumber("999", N_("in the United Kingdom")),
)


def numbers_for(region: str | None) -> tuple[EmergencyNumber, ...]:
    """The numbers the emergency page offers for ``region`` (all three when it is not set)."""
    if not region:
        return UNSET
    return (NUMBERS[region.upper()],)
