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
    "cpr number",
    "cpr no",
    "civil registration number",
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
    "national id number",
    "national identity number",
    "national identification number",
    "personal identity number",
    "personal identification number",
    "personal id",
    "birth number",
    "ssn",
    "social security number",
    "date of birth",
    "dob",
    "id number",
    "identity number",
    "identification number",
)
# Words about checking a person's identity, in the six languages: the number next to them is the one
# the identity was checked with. Phrases where the verb alone ("confirmed", "bekreftet") says nothing.
IDENTITY_CHECK: tuple[str, ...] = (
    "identity",
    "identity verified",
    "identity confirmed",
    "identity checked",
    "id verified",
    "id checked",
    "id confirmed",
    "verified id",
    "confirmed with",
    "verified with",
    "identitet",
    "identiteten",
    "legitimert",
    "legitimerte",
    "legitimasjon",
    "id-sjekk",
    "bekreftet med",
    "verifisert med",
    "legitimerad",
    "legitimerade",
    "legitimation",
    "legitimationen",
    "id-kontroll",
    "bekräftad med",
    "bekräftat med",
    "verifierad med",
    "legitimeret",
    "legitimerede",
    "id-tjek",
    "bekræftet med",
    "verificeret med",
    "henkilöllisyy*",
    "tunnistettu",
    "tunnistautui",
    "tunnistautunut",
    "vahvistettu",
    "skilríki*",
    "persónuskilríki*",
    "auðkenni*",
    "staðfest með",
)
COUNTRY_NATIONAL_ID: dict[str, tuple[str, ...]] = {
    "NO": NATIONAL_ID_NO,
    "SE": NATIONAL_ID_SE,
    "DK": NATIONAL_ID_DK,
    "FI": NATIONAL_ID_FI,
    "IS": NATIONAL_ID_IS,
}
# Words any national ID may stand next to: the English names, the identity checks, and the words two
# countries share ("personnummer" is Norwegian, Swedish and Danish). A word only one country uses
# ("cpr", "pnr", "kennitala") names that country's identifier and lifts no other.
SHARED_NATIONAL_ID: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            word
            for words in COUNTRY_NATIONAL_ID.values()
            for word in words
            if sum(word in other for other in COUNTRY_NATIONAL_ID.values()) > 1
        ]
        + list(NATIONAL_ID_EN)
        + list(IDENTITY_CHECK)
    )
)
NATIONAL_ID: tuple[str, ...] = tuple(
    dict.fromkeys(
        NATIONAL_ID_NO
        + NATIONAL_ID_SE
        + NATIONAL_ID_DK
        + NATIONAL_ID_FI
        + NATIONAL_ID_IS
        + SHARED_NATIONAL_ID
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
    "vat number",
    "vat-nr",
    "mva",
    "mva-nr",
    "mva-nummer",
    "mvanummer",
    "moms",
    "momsnummer",
    "momsnr",
    "momsregistreringsnummer",
    "alv-numero",
    "y-tunnus*",
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
