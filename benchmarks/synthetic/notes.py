"""Call notes as agents write them, in Norwegian, Swedish, Danish, Finnish, Icelandic and English, with
planted personal data and decoy numbers, each labelled by its span.

A template is a sentence with slots: `{id}` (a national identity number of the note's country),
`{phone}`, `{email}`, `{iban}`, `{account}`, `{card}`, `{orgnr}` are personal or business data;
every other slot is a decoy kind from `benchmarks.synthetic.decoys` (`{order_no}`, `{call_ref}` …).
Some templates name what the number is ("fnr {id}"), most do not ("Kunde {id} vil si opp").
`call_note` and `decoy_note` take a `random.Random` and a language and return the text and one `Label`
per planted value: personal values carry their entity type from `recognizers.entities`, decoys carry
`decoy:<kind>` (see `decoy_kind`).

>>> import random
>>> text, labels = fill("Ring tilbake på {phone}, ordre {order_no}.", random.Random(3), "NO")
>>> [label.entity_type for label in labels]
['PHONE_NUMBER', 'decoy:order_no']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from random import Random
from typing import NamedTuple

from benchmarks.synthetic import accounts, national_ids, phones
from benchmarks.synthetic.decoys import DECOYS

DECOY_PREFIX = "decoy:"
LANGUAGES: tuple[str, ...] = ("no", "sv", "da", "fi", "is", "en")
COUNTRIES: tuple[str, ...] = ("NO", "SE", "DK", "FI", "IS")
COUNTRY_OF_LANGUAGE = {"no": "NO", "sv": "SE", "da": "DK", "fi": "FI", "is": "IS"}
LANGUAGE_OF_COUNTRY = {country: language for language, country in COUNTRY_OF_LANGUAGE.items()}
SLOT = re.compile(r"\{(\w+)\}")


class Label(NamedTuple):
    """A planted value: `text[start:end]`, its entity type or `decoy:<kind>`."""

    start: int
    end: int
    entity_type: str


def decoy_kind(entity_type: str) -> str | None:
    """The decoy kind of a label's type ("decoy:order_no" → "order_no"); None for personal data."""
    return entity_type.removeprefix(DECOY_PREFIX) if entity_type.startswith(DECOY_PREFIX) else None


# (generator kind in benchmarks.synthetic.national_ids, entity type, weight): how often each occurs.
NATIONAL_ID_KINDS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "NO": (
        ("no_fodselsnummer", "NO_FODSELSNUMMER", 0.75),
        ("no_d_nummer", "NO_D_NUMMER", 0.15),
        ("no_h_nummer", "NO_H_NUMMER", 0.05),
        ("no_fh_nummer", "NO_FH_NUMMER", 0.05),
    ),
    "SE": (
        ("se_personnummer", "SE_PERSONNUMMER", 0.85),
        ("se_samordningsnummer", "SE_SAMORDNINGSNUMMER", 0.15),
    ),
    "DK": (("dk_cpr", "DK_CPR", 0.85), ("dk_cpr_without_mod11", "DK_CPR", 0.15)),
    "FI": (("fi_hetu", "FI_HETU", 0.95), ("fi_hetu_temporary", "FI_HETU", 0.05)),
    "IS": (("is_kennitala", "IS_KENNITALA", 1.0),),
}
# A Swedish "+" number belongs to a centenarian: about 2 % of Swedish numbers rather than one in six.
FORM_WEIGHTS = {"plus": 0.1}


def national_id(rng: Random, country: str) -> tuple[str, str]:
    """A national identity number of `country` in one of its written forms, and its entity type."""
    kinds = NATIONAL_ID_KINDS[country]
    kind, entity_type, _ = rng.choices(kinds, weights=[weight for *_, weight in kinds])[0]
    forms = national_ids.WRITTEN_FORMS[kind]
    form = rng.choices(forms, weights=[FORM_WEIGHTS.get(form, 1.0) for form in forms])[0]
    return national_ids.GENERATORS[kind](rng, form), entity_type


# (generator kind in benchmarks.synthetic.phones, weight) per country.
PHONE_KINDS: dict[str, tuple[tuple[str, float], ...]] = {
    "NO": (("no_mobile", 0.8), ("no_fixed_line", 0.2)),
    "SE": (("se_mobile", 0.7), ("se_fixed_line", 0.3)),
    "DK": (("dk", 1.0),),
    "FI": (("fi_mobile", 0.8), ("fi_fixed_line", 0.2)),
    "IS": (("is_mobile", 0.7), ("is_fixed_line", 0.3)),
}
FOREIGN_PHONE_SHARE = 0.1


def phone(rng: Random, country: str) -> tuple[str, str]:
    """A phone number, mostly of `country` (sometimes of a neighbour), in one of its written forms."""
    if rng.random() < FOREIGN_PHONE_SHARE:
        country = rng.choice(COUNTRIES)
    kinds = PHONE_KINDS[country]
    kind = rng.choices([kind for kind, _ in kinds], weights=[weight for _, weight in kinds])[0]
    return phones.phone_number(rng, kind, rng.choice(phones.WRITTEN_FORMS[kind])), "PHONE_NUMBER"


def _account_value(rng: Random, kind: str) -> str:
    return accounts.GENERATORS[kind](rng, rng.choice(accounts.WRITTEN_FORMS[kind]))


def email(rng: Random, country: str) -> tuple[str, str]:
    """An email address on an example domain."""
    return _account_value(rng, "email"), "EMAIL_ADDRESS"


def iban(rng: Random, country: str) -> tuple[str, str]:
    """An IBAN of `country`, compact or grouped in fours."""
    return _account_value(rng, f"iban_{country.lower()}"), "IBAN_CODE"


def account(rng: Random, country: str) -> tuple[str, str]:
    """A bank account as the country writes it: a Norwegian kontonummer, elsewhere an IBAN."""
    if country == "NO":
        return _account_value(rng, "no_kontonummer"), "NO_BANK_ACCOUNT"
    return iban(rng, country)


CARD_KINDS = tuple(kind for kind in accounts.GENERATORS if kind.startswith("card_"))


def card(rng: Random, country: str) -> tuple[str, str]:
    """A Luhn-valid payment card number of any scheme."""
    return _account_value(rng, rng.choice(CARD_KINDS)), "CREDIT_CARD"


BUSINESS_ID_KIND = {
    "NO": "no_orgnr",
    "SE": "se_orgnr",
    "DK": "dk_cvr",
    "FI": "fi_ytunnus",
    "IS": "is_kennitala_org",
}


def orgnr(rng: Random, country: str) -> tuple[str, str]:
    """The business id of `country` (orgnr, CVR, Y-tunnus, an organisation's kennitala)."""
    kind = BUSINESS_ID_KIND[country]
    return _account_value(rng, kind), kind.upper()


PERSONAL_SLOTS: dict[str, Callable[[Random, str], tuple[str, str]]] = {
    "id": national_id,
    "phone": phone,
    "email": email,
    "iban": iban,
    "account": account,
    "card": card,
    "orgnr": orgnr,
}

TEMPLATES: dict[str, tuple[str, ...]] = {
    "no": (
        "Kunden ringte om faktura {invoice_no}, fnr {id}.",
        "Ring tilbake på {phone}.",
        "Kunden ringte fra {phone} angående ordre {order_no}.",
        "Fødselsnummer {id} bekreftet, adresse oppdatert.",
        "Kunde {id} vil si opp abonnementet fra {date}.",
        "Snakket med kunden, oppga {id} og ny e-post {email}.",
        "Ønsker refusjon av {amount} til kontonummer {account}.",
        "Refusjon sendt til {account}, sak {case_id}.",
        "Kunden har fått nytt mobilnr: {phone}",
        "Tlf {phone}, ring etter kl. {time}.",
        "Kunden ({id}) klager på levering av {product_code}.",
        "Bedriftskunde org.nr {orgnr}, kontaktperson nås på {phone}.",
        "Kortet {card} ble avvist ved betaling av {amount}.",
        "Sendt bekreftelse til {email}, kunden var fornøyd.",
        "Henvendelse på chat, kunden skrev {id} i feltet for kundenummer.",
        "Kunden ringte igjen om samme sak som {date}. {id}",
        "Overført til inkasso. {id} / {phone}",
        "Betaling fra {iban} ikke mottatt, purring sendt.",
    ),
    "sv": (
        "Kunden ringde om fakturan {invoice_no}, personnummer {id}.",
        "Ring upp kunden på {phone} i eftermiddag.",
        "Kunden ringde från {phone} angående order {order_no}.",
        "Pnr {id}, adressändring genomförd.",
        "Kund {id} vill säga upp abonnemanget från {date}.",
        "Pratade med kunden, uppgav {id} och ny e-post {email}.",
        "Återbetalning {amount} till {iban}.",
        "Nytt mobilnummer: {phone}",
        "Tel {phone}, ring efter kl {time}.",
        "Kunden ({id}) klagar på leveransen av {product_code}.",
        "Företagskund, org.nr {orgnr}, kontaktperson nås på {phone}.",
        "Kortet {card} nekades vid köp för {amount}.",
        "Skickat bekräftelse till {email}.",
        "Ärende {case_id}: kunden {id} vill ha en kopia av avtalet.",
        "Kunden hörde av sig igen, {id}, väntar fortfarande på leverans.",
        "Bokat återuppringning till {phone} imorgon förmiddag.",
        "Identifierad med BankID, {id}. Ny adress registrerad.",
    ),
    "da": (
        "Kunden ringede om faktura {invoice_no}, cpr {id}.",
        "Ring tilbage på {phone}.",
        "Kunden ringede fra {phone} vedrørende ordre {order_no}.",
        "CPR-nr. {id} bekræftet, adresse opdateret.",
        "Kunde {id} ønsker at opsige abonnementet fra {date}.",
        "Talte med kunden, oplyste {id} og ny e-mail {email}.",
        "Refusion af {amount} til {iban}.",
        "Kunden har nyt mobilnummer: {phone}",
        "Tlf. {phone}, ring efter kl. {time}.",
        "Kunden ({id}) klager over levering af {product_code}.",
        "Erhvervskunde, CVR {orgnr}, kontaktperson på {phone}.",
        "Betaling af {amount} med kortet {card} blev afvist.",
        "Bekræftelse sendt til {email}.",
        "Sag {case_id}: kunden {id} vil have en kopi af aftalen.",
        "Kunden ringede igen, {id}, venter stadig på pakken.",
        "Aftalt at ringe op på {phone} i morgen.",
    ),
    "fi": (
        "Asiakas soitti laskusta {invoice_no}, henkilötunnus {id}.",
        "Soita takaisin numeroon {phone}.",
        "Asiakas soitti numerosta {phone} tilauksesta {order_no}.",
        "Hetu {id} tarkistettu, osoite päivitetty.",
        "Asiakas {id} haluaa irtisanoa sopimuksen {date} alkaen.",
        "Puhuin asiakkaan kanssa, antoi {id} ja uuden sähköpostin {email}.",
        "Palautus {amount} tilille {iban}.",
        "Asiakkaan uusi numero: {phone}",
        "Puh. {phone}, soita klo {time} jälkeen.",
        "Asiakas ({id}) valittaa toimituksesta, tuote {product_code}.",
        "Yritysasiakas, Y-tunnus {orgnr}, yhteyshenkilö numerossa {phone}.",
        "Kortti {card} hylättiin, summa {amount}.",
        "Vahvistus lähetetty osoitteeseen {email}.",
        "Tiketti {case_id}: asiakas {id} pyytää kopiota sopimuksesta.",
        "Asiakas otti uudelleen yhteyttä, {id}, paketti ei ole vieläkään tullut.",
        "Sovittu takaisinsoitto huomenna, {phone}.",
    ),
    "is": (
        "Viðskiptavinur hringdi vegna reiknings {invoice_no}, kt. {id}.",
        "Hringja til baka í {phone}.",
        "Viðskiptavinur hringdi úr {phone} vegna pöntunar {order_no}.",
        "Kennitala {id} staðfest, heimilisfang uppfært.",
        "Viðskiptavinur {id} vill segja upp áskrift frá {date}.",
        "Talaði við viðskiptavin, gaf upp {id} og nýtt netfang {email}.",
        "Endurgreiðsla {amount} inn á {iban}.",
        "Nýtt farsímanúmer: {phone}",
        "Sími {phone}, hringja eftir kl. {time}.",
        "Viðskiptavinur ({id}) kvartar yfir afhendingu á {product_code}.",
        "Fyrirtæki, kt. {orgnr}, tengiliður í síma {phone}.",
        "Greiðslu {amount} með korti {card} var hafnað.",
        "Staðfesting send á {email}.",
        "Mál {case_id}: viðskiptavinur {id} óskar eftir afriti af samningi.",
        "Hringdi aftur, {id}, pakkinn ekki kominn enn.",
        "Á að hringja í {phone} á morgun.",
    ),
    "en": (
        "Customer called about invoice {invoice_no}, national ID {id}.",
        "Call back on {phone}.",
        "Customer called from {phone} about order {order_no}.",
        "Verified caller with personal ID {id}, address updated.",
        "Customer {id} wants to cancel the subscription from {date}.",
        "Spoke to the customer, gave {id} and new email {email}.",
        "Refund of {amount} to {iban}.",
        "New mobile number: {phone}",
        "Tel {phone}, call after {time}.",
        "Customer ({id}) complains about delivery of {product_code}.",
        "Business customer, company id {orgnr}, contact on {phone}.",
        "Payment of {amount} with card {card} was declined.",
        "Confirmation sent to {email}.",
        "Case {case_id}: customer {id} asks for a copy of the contract.",
        "Customer called again, {id}, parcel still missing.",
        "Escalated to team lead. {id} / {phone}",
    ),
}

DECOY_TEMPLATES: dict[str, tuple[str, ...]] = {
    "no": (
        "Ordre {order_no} er sendt, sporing kommer på e-post.",
        "Faktura {invoice_no} på {amount} forfaller {date}.",
        "Samtale-ref {call_ref}, kunden la på før overføring.",
        "Kundenr {customer_no}, ingen endringer.",
        "{call_ref_long} ingen svar, prøver igjen {date} kl. {time}.",
        "Teknisk feil, logg-id {uuid}.",
        "Hendelse registrert {epoch}.",
        "Produkt {product_code} er restnotert, levering til {postcode} neste uke.",
        "Sak {case_id} lukket {date} kl. {time}.",
        "Kunden har betalt {amount} for {order_no}.",
        "Kunden leste opp {customer_no} fra brevet.",
    ),
    "sv": (
        "Order {order_no} har skickats, spårningslänk kommer via sms.",
        "Faktura {invoice_no} på {amount} förfaller {date}.",
        "Samtalsref {call_ref}, kunden lade på innan överkoppling.",
        "Kundnr {customer_no}, inga ändringar.",
        "{call_ref_long} inget svar, försöker igen {date} kl {time}.",
        "Tekniskt fel, logg-id {uuid}.",
        "Händelse registrerad {epoch}.",
        "Artikel {product_code} restnoterad, leverans till {postcode} nästa vecka.",
        "Ärende {case_id} stängt {date} kl {time}.",
        "Kunden har betalat {amount} för {order_no}.",
        "Kunden läste upp {customer_no} från brevet.",
    ),
    "da": (
        "Ordre {order_no} er afsendt, sporing kommer på mail.",
        "Faktura {invoice_no} på {amount} forfalder {date}.",
        "Opkaldsref {call_ref}, kunden lagde på inden viderestilling.",
        "Kundenr {customer_no}, ingen ændringer.",
        "{call_ref_long} intet svar, prøver igen {date} kl. {time}.",
        "Teknisk fejl, log-id {uuid}.",
        "Hændelse registreret {epoch}.",
        "Vare {product_code} er i restordre, levering til {postcode} næste uge.",
        "Sag {case_id} lukket {date} kl. {time}.",
        "Kunden har betalt {amount} for {order_no}.",
        "Kunden læste {customer_no} op fra brevet.",
    ),
    "fi": (
        "Tilaus {order_no} on lähetetty, seurantakoodi tulee sähköpostiin.",
        "Lasku {invoice_no}, summa {amount}, eräpäivä {date}.",
        "Puheluviite {call_ref}, asiakas katkaisi ennen siirtoa.",
        "Asiakasnumero {customer_no}, ei muutoksia.",
        "{call_ref_long} ei vastausta, yritetään uudelleen {date} klo {time}.",
        "Tekninen virhe, lokitunnus {uuid}.",
        "Tapahtuma kirjattu {epoch}.",
        "Tuote {product_code} jälkitoimituksessa, toimitus postinumeroon {postcode} ensi viikolla.",
        "Tiketti {case_id} suljettu {date} klo {time}.",
        "Asiakas on maksanut {amount} tilauksesta {order_no}.",
        "Asiakas luki kirjeestä numeron {customer_no}.",
    ),
    "is": (
        "Pöntun {order_no} hefur verið send, rakning kemur í tölvupósti.",
        "Reikningur {invoice_no} að upphæð {amount}, gjalddagi {date}.",
        "Símtalstilvísun {call_ref}, viðskiptavinur lagði á.",
        "Viðskiptamannanúmer {customer_no}, engar breytingar.",
        "{call_ref_long} ekkert svar, reynt aftur {date} kl. {time}.",
        "Tæknileg villa, auðkenni {uuid}.",
        "Atvik skráð {epoch}.",
        "Vara {product_code} er uppseld, afhending í {postcode} í næstu viku.",
        "Mál {case_id} lokað {date} kl. {time}.",
        "Viðskiptavinur hefur greitt {amount} fyrir {order_no}.",
        "Viðskiptavinur las upp {customer_no} úr bréfinu.",
    ),
    "en": (
        "Order {order_no} has shipped, tracking link sent by text.",
        "Invoice {invoice_no} for {amount} is due {date}.",
        "Call ref {call_ref}, customer hung up before transfer.",
        "Customer no {customer_no}, no changes.",
        "{call_ref_long} no answer, retry {date} at {time}.",
        "Technical error, log id {uuid}.",
        "Event logged at {epoch}.",
        "Item {product_code} is back-ordered, delivery to {postcode} next week.",
        "Case {case_id} closed {date} at {time}.",
        "Customer paid {amount} for {order_no}.",
        "Customer read out {customer_no} from the letter.",
    ),
}


def _decoy_slot(kind: str) -> Callable[[Random, str], tuple[str, str]]:
    generate = DECOYS[kind]
    return lambda rng, country: (generate(rng, country), DECOY_PREFIX + kind)


SLOTS: dict[str, Callable[[Random, str], tuple[str, str]]] = {
    **PERSONAL_SLOTS,
    **{kind: _decoy_slot(kind) for kind in DECOYS},
}


def fill(template: str, rng: Random, country: str) -> tuple[str, list[Label]]:
    """`template` with every slot filled for `country`, and one label per filled slot."""
    parts: list[str] = []
    labels: list[Label] = []
    length = last = 0
    for slot in SLOT.finditer(template):
        literal = template[last : slot.start()]
        value, entity_type = SLOTS[slot.group(1)](rng, country)
        parts += [literal, value]
        length += len(literal)
        labels.append(Label(length, length + len(value), entity_type))
        length += len(value)
        last = slot.end()
    parts.append(template[last:])
    return "".join(parts), labels


def _country(rng: Random, language: str) -> str:
    """The note's country: its language's, or any Nordic country for English."""
    return COUNTRY_OF_LANGUAGE.get(language) or rng.choice(COUNTRIES)


def call_note(rng: Random, language: str) -> tuple[str, list[Label]]:
    """A call note in `language` with planted personal data (and maybe decoys), and its labels."""
    return fill(rng.choice(TEMPLATES[language]), rng, _country(rng, language))


def decoy_note(rng: Random, language: str) -> tuple[str, list[Label]]:
    """A call note in `language` with decoy numbers only, and their labels."""
    return fill(rng.choice(DECOY_TEMPLATES[language]), rng, _country(rng, language))
