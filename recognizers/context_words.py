"""Context words that raise confidence, in Norwegian, Swedish, Danish, Finnish, Icelandic and English.

A word matches a whole word of the text (or of a column header), case-insensitively. A word ending in
`*` is a deliberate stem and matches any word that starts with it ("henkilötunnu*" matches
"henkilötunnuksen"). Whole-word matching keeps "kt" from matching inside "kontakt".
Source: ../shared/reference/nordic-identifiers.md.
"""

NATIONAL_ID_NO: tuple[str, ...] = (
    "fødselsnummer",
    "fødselsnr",
    "fnr",
    "f.nr",
    "personnummer",
    "personnr",
    "d-nummer",
    "dnr",
    "identifikasjonsnummer",
    "fødselsnummeret",
    "bankid",
)
NATIONAL_ID_SE: tuple[str, ...] = (
    "personnummer",
    "personnr",
    "pnr",
    "pers.nr",
    "samordningsnummer",
    "id-nummer",
    "identitetshandling",
    "skatteidentifikationsnummer",
    "personnumret",
    "bankid",
)
NATIONAL_ID_DK: tuple[str, ...] = (
    "cpr",
    "cpr-nr",
    "cpr.nr",
    "cprnr",
    "cprnummer",
    "cpr-nummer",
    "personnummer",
    "personnr",
    "sygesikring*",
    "sundhedskort*",
    "mitid",
    "nemid",
)
NATIONAL_ID_FI: tuple[str, ...] = (
    "henkilötunnu*",
    "hetu",
    "sotu",
    "sosiaaliturvatunnus",
    "personbeteckning",
    "veronumero",
    "verotunnus",
)
NATIONAL_ID_IS: tuple[str, ...] = ("kennitala", "kennitölu", "kt.", "kt")
NATIONAL_ID_EN: tuple[str, ...] = (
    "national id",
    "national identity number",
    "personal identity number",
    "personal id",
    "birth number",
    "ssn",
    "date of birth",
    "dob",
    "id number",
)
NATIONAL_ID: tuple[str, ...] = tuple(
    dict.fromkeys(
        NATIONAL_ID_NO + NATIONAL_ID_SE + NATIONAL_ID_DK + NATIONAL_ID_FI + NATIONAL_ID_IS + NATIONAL_ID_EN
    )
)

PHONE: tuple[str, ...] = (
    "telefon*",
    "tlf",
    "tlf.",
    "tel",
    "tel.",
    "telephone",
    "mobil*",
    "mobilnr",
    "mobiltelefon",
    "puhelin*",
    "puh",
    "puh.",
    "gsm",
    "sími",
    "síma*",
    "phone*",
    "mobile",
    "ring",
    "ringe",
    "ringde",
    "ringt",
    "ringte",
    "ringede",
    "ringet",
    "ringer",
    "hringja",
    "hringdi",
    "farsím*",
    "símanúmer*",
    "takaisinsoitto",
    "called",
    "call back",
    "nås",
    "soita*",
    "soitti",
    "tlfnr",
    "telnr",
    "msisdn",
    "ani",
    "dnis",
    "caller",
    "callee",
    "oppringt",
    "puhelinnumero",
    # a contact person is reached on a phone; Finnish says "at / to / from the number" of a phone
    "kontaktperson",
    "kontaktnummer",
    "kontaktnr",
    "yhteyshenkilö",
    "tengiliður",
    "contact person",
    "contact number",
    "contact on",
    "numerossa",
    "numeroon",
    "numerosta",
)

BANK_ACCOUNT: tuple[str, ...] = (
    "kontonummer",
    "kontonr",
    "konto",
    "bankkonto*",
    "account",
    "bank account",
    "tilinumero",
    "tili",
    "reikningsnúmer",
    "reikning*",
    "iban",
    "bankgiro",
    "clearingnummer",
)

BUSINESS_ID: tuple[str, ...] = (
    "orgnr",
    "org.nr",
    "org.nr.",
    "organisasjonsnummer",
    "organisationsnummer",
    "foretaksnummer",
    "cvr",
    "cvr-nr",
    "cvr-nummer",
    "y-tunnus",
    "ytunnus",
    "företag",
    "foretak",
    "firma",
    "yritys",
    "company",
    "business id",
    "vat",
)

PASSPORT: tuple[str, ...] = (
    "pass",
    "passnummer",
    "passnr",
    "passport",
    "passport number",
    "passi",
    "passin numero",
    "vegabréf",
    "passet",
    "passnummeret",
)
