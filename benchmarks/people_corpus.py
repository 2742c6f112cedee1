"""A labelled corpus for names, addresses, dates of birth and special categories (issue 8's benchmark).

Built deterministically from a seed, from synthetic people only:
- call notes in Norwegian, Swedish, Danish, Finnish, Icelandic and English, each with planted names
  (customers' and staff's), addresses, birth dates or special-category phrases, labelled by span; and
  decoy notes with none of them but with what looks like them: product and brand names, towns alone,
  "Oslo" as a campaign, sentences opening with a first name that is also a word ("Per telefon",
  "Hans bil"), dates that are not birth dates, negated special-category phrases;
- tables of columns: name columns under many headers (and one without a header word), staff columns,
  and decoy columns (towns, products, campaigns, statuses, companies …) that hold no names.

Planted names come mostly from the shipped name lists (the recognizer's own lists, so these measure
the rules, not the lists' coverage) and partly (`UNLISTED_SHARE`) from a hand list of names that are in
none of them, which measures what the lists miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from random import Random

from recognizers.lexicons import _lines as data_lines
from recognizers.lexicons import first_names, name_words, surnames

LANGUAGES = ("no", "sv", "da", "fi", "is", "en")
NOTE_HEADER = {
    "no": "notat",
    "sv": "anteckning",
    "da": "notat",
    "fi": "muistiinpano",
    "is": "athugasemd",
    "en": "notes",
}
UNLISTED_SHARE = 0.15
DECOY_NOTE_SHARE = 0.35

# Names that are in none of the shipped lists (checked when the corpus is built).
UNLISTED_FIRST = (
    "Torgeir",
    "Gudbrand",
    "Hallstein",
    "Ragnvald",
    "Signy",
    "Eyvind",
    "Margit",
    "Tuula",
    "Reijo",
    "Pirkko",
    "Amund",
    "Yusra",
    "Mahad",
    "Dariusz",
    "Sølvi",
    "Ingebjørg",
    "Ørjan",
    "Gunvor",
    "Aslak",
    "Bodvar",
)
UNLISTED_SURNAMES = (
    "Fjellheim",
    "Warsame",
    "Kowalczyk",
    "Tveiten",
    "Rønningen",
    "Mäkelä",
    "Brekke",
    "Aune",
    "Skogstad",
    "Vatne",
)


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    type: str


@dataclass
class Note:
    language: str
    header: str
    text: str = ""
    labels: list[Label] = field(default_factory=list)
    decoy: bool = False

    def add(self, text: str, label_type: str | None = None) -> None:
        """Append `text`; label it whole, or label each of its [bracketed] parts."""
        if "[" not in text:
            if label_type and text:
                self.labels.append(Label(len(self.text), len(self.text) + len(text), label_type))
            self.text += text
            return
        for i, part in enumerate(text.replace("]", "[").split("[")):
            self.add(part, label_type if i % 2 else None)


@dataclass(frozen=True)
class ColumnCase:
    """A column of a table: its header, values, and the name type it should be reported as (or None)."""

    table: str
    header: str
    values: tuple[str, ...]
    expected: str | None


# --- people ------------------------------------------------------------------------------------------


@cache
def _listed(lang: str, kind: str) -> tuple[str, ...]:
    names = [name for name in data_lines(f"{kind}_{lang}.txt") if name[:1].isupper()]
    return tuple(names or data_lines(f"{kind}_no.txt"))


def person_name(rng: Random, lang: str, form: str | None = None) -> str:
    """A synthetic person's name: full (most), first name only, or unlisted."""
    form = form or rng.choices(("full", "first", "unlisted"), (0.7, 0.15, UNLISTED_SHARE))[0]
    if form == "unlisted":
        unlisted_first = [n for n in UNLISTED_FIRST if n not in first_names() and n not in name_words()]
        unlisted_last = [n for n in UNLISTED_SURNAMES if n not in surnames()]
        return f"{rng.choice(unlisted_first)} {rng.choice(unlisted_last)}"
    first = rng.choice(_listed(lang, "first_names"))
    if form == "first":
        return first
    if lang == "is":
        return f"{first} {rng.choice(_listed('is', 'first_names'))}{rng.choice(('sson', 'sdóttir'))}"
    return f"{first} {rng.choice(_listed(lang, 'surnames'))}"


STREETS = {
    "no": (
        "Storgata",
        "Kirkeveien",
        "Parkveien",
        "Solbakken",
        "Karl Johans gate",
        "Thorvald Meyers gate",
        "Fjellvegen",
        "Skolegata",
    ),
    "sv": ("Kungsgatan", "Storgatan", "Drottninggatan", "Sveavägen", "Björkvägen", "Järnvägsgatan"),
    "da": ("Vesterbrogade", "Nørrebrogade", "Strandvejen", "Frederiksberg Allé", "Hovedgaden", "Skolevej"),
    "fi": ("Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Koulukatu", "Rantatie", "Kirkkokatu"),
    "is": ("Laugavegur", "Hverfisgata", "Skólavörðustígur", "Suðurgata", "Hringbraut", "Bankastræti"),
}
TOWNS = {
    "no": ("Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Hamar", "Drammen"),
    "sv": ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Lund", "Umeå"),
    "da": ("København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle"),
    "fi": ("Helsinki", "Tampere", "Turku", "Oulu", "Espoo", "Vantaa"),
    "is": ("Reykjavík", "Akureyri", "Kópavogur", "Selfoss", "Hafnarfjörður"),
}


def postal_code_town(rng: Random, lang: str) -> str:
    country = lang if lang != "en" else rng.choice(("no", "sv", "da", "fi"))
    town = rng.choice(TOWNS[country])
    code = {
        "no": lambda: f"{rng.randint(1, 9990):04d}",
        "da": lambda: f"{rng.randint(1000, 9990)}",
        "sv": lambda: f"{rng.randint(100, 989)} {rng.randint(10, 99)}",
        "fi": lambda: f"{rng.randint(0, 99990):05d}",
        "is": lambda: f"{rng.randint(101, 902)}",
    }[country]()
    return f"{code} {town}"


def street_address(rng: Random, lang: str) -> str:
    country = lang if lang != "en" else rng.choice(("no", "sv", "da", "fi"))
    number = f"{rng.randint(1, 140)}{rng.choice(('', '', '', 'B', ' A'))}"
    return f"{rng.choice(STREETS[country])} {number}"


MONTH_NAMES = {
    "no": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "da": (
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "is": (
        "janúar",
        "febrúar",
        "mars",
        "apríl",
        "maí",
        "júní",
        "júlí",
        "ágúst",
        "september",
        "október",
        "nóvember",
        "desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def written_date(rng: Random, lang: str, day: date) -> str:
    forms = ["%d.%m.%Y", "%Y-%m-%d"] if lang != "en" else ["%d/%m/%Y", "%Y-%m-%d"]
    if lang == "fi":
        return rng.choice([f"{day.day}.{day.month}.{day.year}", day.strftime("%Y-%m-%d")])
    if rng.random() < 0.3:
        month = MONTH_NAMES[lang][day.month - 1]
        return f"{month} {day.day}, {day.year}" if lang == "en" else f"{day.day}. {month} {day.year}"
    return day.strftime(rng.choice(forms))


def birth_day(rng: Random) -> date:
    return date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 70))


# --- note templates ----------------------------------------------------------------------------------
# {P} a customer's name, {E} a staff name, {A} a street address, {C} a postal code and town, {D} a birth
# date. Every template is a sentence an agent could write.

PERSON_TEMPLATES = {
    "no": (
        "Snakket med {P} om fakturaen.",
        "{P} ringte og ville si opp abonnementet.",
        "Kunden {P} ba om ny kode.",
        "Ringte tilbake til {P} etter lunsj.",
        "Kunden heter {P} og flytter snart.",
        "Fru {S} ringte om regningen.",
    ),
    "sv": (
        "Talade med {P} om räkningen.",
        "{P} ringde och ville säga upp avtalet.",
        "Kunden {P} vill ha ny faktura.",
        "Ringde upp {P} igen.",
        "Kunden heter {P} och har flyttat.",
        "Herr {S} ringde om fakturan.",
    ),
    "da": (
        "Talte med {P} om regningen.",
        "{P} ringede og ville opsige abonnementet.",
        "Kunden {P} ønsker ny kode.",
        "Ringede tilbage til {P} i dag.",
        "Kunden hedder {P} og er flyttet.",
        "Fru {S} ringede om fakturaen.",
    ),
    "fi": (
        "Asiakas {P} soitti laskusta.",
        "{P} soitti ja halusi irtisanoa sopimuksen.",
        "Puhuin asiakkaan {P} kanssa.",
        "Soitin takaisin, {P} ei vastannut.",
        "Asiakas {P} pyysi uutta koodia.",
    ),
    "is": (
        "Talaði við {P} um reikninginn.",
        "{P} hringdi og vildi segja upp áskriftinni.",
        "Viðskiptavinurinn {P} bað um nýjan kóða.",
        "Hringdi aftur í {P} í dag.",
    ),
    "en": (
        "Spoke with {P} about the invoice.",
        "{P} called to cancel the subscription.",
        "Customer {P} asked for a new code.",
        "Called {P} back after lunch.",
        "Mr {S} called about the bill.",
    ),
}
EMPLOYEE_TEMPLATES = {
    "no": ("Overført til saksbehandler {E}.", "Saken er tildelt {E}.\nMvh {F}\n"),
    "sv": ("Överförd till handläggare {E}.", "Ärendet skickat vidare.\nHälsningar {F}\n"),
    "da": ("Overført til sagsbehandler {E}.", "Sagen er videresendt.\nHilsen {F}\n"),
    "fi": ("Siirretty käsittelijä {E}.", "Tiketti suljettu.\nTerveisin {F}\n"),
    "is": ("Sent áfram til starfsmaður {E}.", "Málinu lokað.\nKveðja {F}\n"),
    "en": ("Transferred to agent {E}.", "Ticket closed.\nRegards {F}\n"),
}
ADDRESS_TEMPLATES = {
    "no": ("Ny adresse: {A}, {C}.", "Kunden har flyttet til {A}.", "Sendes til {C}, ring først."),
    "sv": ("Ny adress: {A}, {C}.", "Kunden har flyttat till {A}.", "Skickas till {C}."),
    "da": ("Ny adresse: {A}, {C}.", "Kunden er flyttet til {A}.", "Sendes til {C}."),
    "fi": ("Uusi osoite: {A}, {C}.", "Asiakas muutti osoitteeseen {A}.", "Lähetetään {C}."),
    "is": ("Nýtt heimilisfang: {A}, {C}.", "Viðskiptavinur flutti á {A}.", "Sent til {C}."),
    "en": ("New address: {A}, {C}.", "The customer moved to {A}.", "Ship to {C}."),
}
BIRTH_TEMPLATES = {
    "no": ("Kunden er født {D}, bekreftet.", "Fødselsdato {D} stemmer ikke med registeret."),
    "sv": ("Kunden är född {D}.", "Födelsedatum {D} kontrollerat."),
    "da": ("Kunden er født {D}.", "Fødselsdato {D} bekræftet."),
    "fi": ("Asiakas on syntynyt {D}.", "Syntymäaika {D} tarkistettu."),
    "is": ("Viðskiptavinur er fæddur {D}.", "Fæðingardagur {D} staðfestur."),
    "en": ("Customer was born {D}.", "Verified DOB {D} with the caller."),
}
# (subcategory, phrase with the [term] labelled)
SPECIAL_PHRASES = {
    "no": (
        ("health", "Kunden er [diabetiker] og trenger papirfaktura."),
        ("health", "Hun er [sykemeldt] og ber om utsettelse."),
        ("health", "Har [kreft] og orker ikke å ringe."),
        ("health", "Kunden sitter i [rullestol], trenger hjelp ved levering."),
        ("religion", "Kunden er [muslim] og ønsker ikke oppringing fredag."),
        ("ethnic_origin", "Kunden sier hun er [samisk]."),
        ("trade_union", "Han er [tillitsvalgt] i [Fagforbundet]."),
        ("sexual_orientation", "Kunden fortalte at han er [homofil]."),
        ("political_opinion", "Kunden er medlem av [Arbeiderpartiet]."),
        ("biometric", "Vil logge inn med [fingeravtrykk]."),
        ("genetic", "Kunden har tatt en [gentest] og er bekymret."),
        ("health", "Kunden bruker [insulin] og må ha strøm."),
        ("health", "Hun har [ME] og orker lite."),
    ),
    "sv": (
        ("health", "Kunden har [diabetes] och behöver pappersfaktura."),
        ("health", "Hon är [sjukskriven] och ber om anstånd."),
        ("health", "Kunden är [gravid] och vill flytta leveransen."),
        ("religion", "Kunden är [judisk] och ringer inte på lördagar."),
        ("ethnic_origin", "Kunden nämnde sin [etniska] bakgrund."),
        ("trade_union", "Hon är med i [facket] via [fackförbundet] Kommunal."),
        ("sexual_orientation", "Kunden berättade att hon är [lesbisk]."),
        ("political_opinion", "Han röstar på [Sverigedemokraterna]."),
        ("biometric", "Vill använda [ansiktsigenkänning] i appen."),
        ("genetic", "Kunden har gjort ett [dna-test]."),
        ("health", "Kunden har [MS] och tröttnar fort."),
    ),
    "da": (
        ("health", "Kunden har [sclerose] og har svært ved at ringe."),
        ("health", "Hun er [sygemeldt] i denne måned."),
        ("health", "Kunden har [demens], tal med datteren."),
        ("religion", "Kunden er [katolik] og vil ikke ringes op søndag."),
        ("trade_union", "Han er [tillidsrepræsentant] på arbejdet."),
        ("sexual_orientation", "Kunden er [biseksuel]."),
        ("political_opinion", "Kunden stemmer på [Enhedslisten]."),
        ("biometric", "Login med [fingeraftryk] virker ikke."),
        ("health", "Kunden er [ordblind] og vil ringes op."),
    ),
    "fi": (
        ("health", "Asiakkaalla on [diabetes] ja hän tarvitsee paperilaskun."),
        ("health", "Asiakas on [sairauslomalla] kuukauden."),
        ("health", "Asiakas on [raskaana] ja siirtää toimitusta."),
        ("religion", "Asiakas on [muslimi] eikä halua soittoja perjantaisin."),
        ("trade_union", "Hän on [ammattiliiton] jäsen."),
        ("sexual_orientation", "Asiakas kertoi olevansa [homoseksuaali]."),
        ("political_opinion", "Asiakas on [perussuomalaisten] jäsen."),
        ("biometric", "Kirjautuminen [sormenjäljellä] ei toimi."),
        ("health", "Asiakas käyttää [insuliinia]."),
    ),
    "is": (
        ("health", "Viðskiptavinur er með [sykursýki] og þarf pappírsreikning."),
        ("health", "Hún er í [veikindaleyfi]."),
        ("religion", "Viðskiptavinur er [múslimi]."),
        ("trade_union", "Hann er í [stéttarfélagi]."),
        ("sexual_orientation", "Viðskiptavinur er [samkynhneigður]."),
        ("political_opinion", "Hann kýs [Samfylkinguna]."),
        ("health", "Hann er [blindur] og þarf aðstoð."),
    ),
    "en": (
        ("health", "Customer has [diabetes] and needs paper invoices."),
        ("health", "She is on [sick leave] this month."),
        ("health", "Customer suffers from [depression], be patient."),
        ("religion", "Customer is [Jewish] and asked for no calls on Saturday."),
        ("ethnic_origin", "Customer mentioned her [ethnic] background."),
        ("trade_union", "He is a [trade union] representative."),
        ("sexual_orientation", "Customer said he is [gay]."),
        ("political_opinion", "Customer is a [party member] of Labour."),
        ("biometric", "Wants to log in with [fingerprint]."),
        ("genetic", "Customer did a [genetic test]."),
        ("health", "Customer is [blind] and needs large print."),
        ("religion", "Customer observes the [Sabbath]."),
    ),
}
DECOY_NOTES = {
    "no": (
        "Per telefon ble det avtalt ny betalingsdato.",
        "Hans bil er på verksted, ring i morgen.",
        "Kunden vil bytte til Telia Max.",
        "Oslo-kampanjen gir 20 % rabatt.",
        "Flytter butikken til Bergen i mai.",
        "Kunden har ikke diabetes, feil registrert.",
        "Ordre 2024 Kunden fikk feil vare.",
        "Ringte 15.03.2024 om faktura.",
        "Forfall 01.04.2024, purring sendt.",
        "Kreftforeningen ringte om innsamling.",
        "Kortet er sperret etter misbruk.",
        "Dag to av feilsøking på ruteren.",
        "Alle kunder i Hamar får nytt modem.",
        "Kunden bestilte en jakke fra Helly Hansen.",
        "Politiet har ringt om saken.",
        "Kunden kjøpte ny sykkel i Kristiansand.",
        "Snakket med Telenor om nummeroverføring.",
    ),
    "sv": (
        "Per telefon bekräftades ny betalningsdag.",
        "Kunden vill byta till Telia Max.",
        "Malmö-kampanjen ger rabatt.",
        "Butiken i Lund stänger i juni.",
        "Genomgång av fakturan klar.",
        "Order skapad 2024-03-01, levereras snart.",
        "Kunden är inte gravid, fel i ärendet.",
        "Alla kunder i Kalmar får nya kort.",
        "Bo kvar på samma adress enligt kunden.",
    ),
    "da": (
        "Per telefon aftalt ny betalingsdato.",
        "Kunden vil skifte til Telia Max.",
        "Aarhus-kampagnen giver rabat.",
        "Butikken i Vejle lukker.",
        "Faktura oprettet 01.03.2024.",
        "Hans bil er til service.",
        "Alle kunder har fået brev.",
    ),
    "fi": (
        "Asiakas haluaa vaihtaa Elisa Viihteeseen.",
        "Helsinki-kampanja alkaa maaliskuussa.",
        "Tilaus tehty 1.3.2024.",
        "Asiakas ei ole raskaana, virheellinen merkintä.",
        "Reititin vaihdettu Tampereella.",
        "Onni oli matkassa, lasku löytyi.",
    ),
    "is": (
        "Viðskiptavinur vill skipta í Síminn Heimilispakka.",
        "Reykjavík-herferðin byrjar í mars.",
        "Pöntun 01.03.2024 afhent.",
        "Dagur tvö af bilanaleit.",
        "Sól og blíða, sagði viðskiptavinurinn.",
    ),
    "en": (
        "Will call back tomorrow.",
        "May I suggest the Telia Max plan.",
        "Mark the ticket as solved.",
        "Oslo campaign gives 20 % off.",
        "Order created 2024-03-01 10:15.",
        "Customer is not diabetic according to the file.",
        "Card disabled after fraud.",
        "Customer bought a Volvo XC60.",
        "The store in Bergen closes in June.",
        "Hearing aids are not covered.",
        "Boarding at Gate 12 was delayed.",
        "Spoke with Microsoft support about the licence.",
    ),
}


def _fill(rng: Random, note: Note, template: str, label_type: str) -> None:
    """Append `template` with its one slot filled and labelled."""
    lang = note.language
    fillers = {
        "{P}": lambda: (person_name(rng, lang), "PERSON"),
        "{S}": lambda: (rng.choice(_listed(lang, "surnames")) if lang != "is" else "Jónsdóttir", "PERSON"),
        "{E}": lambda: (person_name(rng, lang, rng.choice(("full", "first"))), "EMPLOYEE_NAME"),
        "{F}": lambda: (
            rng.choice([n for n in _listed(lang, "first_names") if n not in name_words()]),
            "EMPLOYEE_NAME",
        ),
        "{A}": lambda: (street_address(rng, lang), "NORDIC_ADDRESS"),
        "{C}": lambda: (postal_code_town(rng, lang), "POSTAL_CODE_TOWN"),
        "{D}": lambda: (written_date(rng, lang, birth_day(rng)), "DATE_OF_BIRTH"),
    }
    rest = template
    while rest:
        slot = next((s for s in fillers if s in rest), None)
        if slot is None:
            note.add(rest)
            return
        before, rest = rest.split(slot, 1)
        note.add(before)
        value, value_type = fillers[slot]()
        note.add(value, value_type)


def build_notes(seed: int = 8, per_language: int = 120) -> list[Note]:
    """`per_language` notes in each language: planted ones (one to three sentences) and decoys."""
    rng = Random(seed)
    notes = []
    for lang in LANGUAGES:
        for _ in range(per_language):
            note = Note(lang, NOTE_HEADER[lang])
            if rng.random() < DECOY_NOTE_SHARE:
                note.decoy = True
                note.add(" ".join(rng.sample(DECOY_NOTES[lang], 2)))
                notes.append(note)
                continue
            for part in range(rng.randint(1, 3)):
                if part:
                    note.add(" ")
                kind = rng.choices(
                    ("person", "employee", "address", "birth", "special", "decoy"), (4, 1, 2, 1.5, 3, 1)
                )[0]
                if kind == "special":
                    subcategory, phrase = rng.choice(SPECIAL_PHRASES[lang])
                    note.add(phrase, f"SPECIAL_CATEGORY_{subcategory.upper()}")
                elif kind == "decoy":
                    note.add(rng.choice(DECOY_NOTES[lang]))
                else:
                    templates = {
                        "person": PERSON_TEMPLATES,
                        "employee": EMPLOYEE_TEMPLATES,
                        "address": ADDRESS_TEMPLATES,
                        "birth": BIRTH_TEMPLATES,
                    }[kind][lang]
                    _fill(rng, note, rng.choice(templates), kind)
            notes.append(note)
    return notes


# --- columns -----------------------------------------------------------------------------------------

COMPANIES = (
    "Telia Norge AS",
    "Bygg og Anlegg AS",
    "Nordic Consulting AB",
    "Fjord Fisk AS",
    "Hansen Rør AS",
    "Kaffebrenneriet AS",
    "Oy Kone Ab",
    "Ístak hf",
)
PRODUCTS = (
    "Telia Max",
    "Fiber 500",
    "Mobil Fri",
    "Familie Pluss",
    "Bredbånd Basis",
    "Elisa Viihde",
    "Viking Line",
)
CAMPAIGNS = ("Oslo", "Vår 2024", "Sommer", "Black Friday", "Jul", "Bergen", "Høst")
STATUSES = ("Åpen", "Lukket", "Venter", "Eskalert", "Ny")
WEEKDAYS = ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag")
CHANNELS = ("Telefon", "Chat", "Epost", "Sosiale medier")
CUSTOMER_TYPES = ("Privat", "Bedrift", "Offentlig")
COUNTRIES = ("Norge", "Sverige", "Danmark", "Finland", "Island")


def build_columns(seed: int = 8, rows: int = 200) -> list[ColumnCase]:
    """Name columns under varied headers, staff columns, and decoy columns, `rows` values each."""
    rng = Random(seed)
    agents = [person_name(rng, "no", "full") for _ in range(6)]

    def names(lang: str, form: str | None = None) -> tuple[str, ...]:
        return tuple(person_name(rng, lang, form) for _ in range(rows))

    def firsts(lang: str) -> tuple[str, ...]:
        return tuple(person_name(rng, lang, "first") for _ in range(rows))

    def lasts(lang: str) -> tuple[str, ...]:
        return tuple(rng.choice(_listed(lang, "surnames")) for _ in range(rows))

    def pick(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(rng.choice(values) for _ in range(rows))

    def towns() -> tuple[str, ...]:
        return tuple(rng.choice(sum(TOWNS.values(), ())) for _ in range(rows))

    cases = [
        ("crm_no", "navn", names("no"), "PERSON"),
        ("crm_no", "fornavn", firsts("no"), "PERSON"),
        ("crm_no", "etternavn", lasts("no"), "PERSON"),
        ("crm_se", "namn", names("sv"), "PERSON"),
        ("crm_se", "förnamn", firsts("sv"), "PERSON"),
        ("crm_se", "efternamn", lasts("sv"), "PERSON"),
        ("crm_dk", "efternavn", lasts("da"), "PERSON"),
        ("crm_dk", "kunde_navn", names("da"), "PERSON"),
        ("crm_fi", "etunimi", firsts("fi"), "PERSON"),
        ("crm_fi", "sukunimi", lasts("fi"), "PERSON"),
        ("crm_fi", "nimi", names("fi"), "PERSON"),
        ("crm_is", "nafn", names("is"), "PERSON"),
        ("crm_en", "customer_name", names("en"), "PERSON"),
        ("crm_en", "firstName", firsts("en"), "PERSON"),
        (
            "crm_en",
            "contact",
            tuple(f"{last}, {first}" for first, last in zip(firsts("en"), lasts("en"))),
            "PERSON",
        ),
        ("crm_no", "kol7", names("no"), "PERSON"),
        ("calls", "agent", pick(tuple(agents)), "EMPLOYEE_NAME"),
        ("calls", "saksbehandler", pick(tuple(a.split()[0] for a in agents)), "EMPLOYEE_NAME"),
        ("calls", "handled_by", pick(tuple(agents)), "EMPLOYEE_NAME"),
        ("crm_no", "by", towns(), None),
        ("crm_no", "poststed", towns(), None),
        ("crm_no", "produkt", pick(PRODUCTS), None),
        ("crm_no", "product_name", pick(PRODUCTS), None),
        ("crm_no", "kampanje", pick(CAMPAIGNS), None),
        ("crm_no", "campaign_name", pick(CAMPAIGNS), None),
        ("crm_no", "status", pick(STATUSES), None),
        ("calls", "ukedag", pick(WEEKDAYS), None),
        ("calls", "kanal", pick(CHANNELS), None),
        ("crm_no", "customer_type", pick(CUSTOMER_TYPES), None),
        ("crm_no", "land", pick(COUNTRIES), None),
        ("crm_no", "firma", pick(COMPANIES), None),
        ("crm_no", "company_name", pick(COMPANIES), None),
        ("calls", "agent_id", tuple(f"A{rng.randint(100, 140)}" for _ in range(rows)), None),
        ("crm_no", "kunde_id", tuple(str(rng.randint(10000, 99999)) for _ in range(rows)), None),
    ]
    return [ColumnCase(table, header, values, expected) for table, header, values, expected in cases]
