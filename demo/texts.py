"""What the people of the demo municipality write while they handle a case: actions,
comments, reasons and closing summaries, in Norwegian like the reports themselves
(demo.deviations). Data, not interface text: it is not translated."""

from __future__ import annotations

import random

# Corrective actions by category, besides the measure the reporter suggested.
CORRECTIVE_ACTIONS = {
    "personskade": [
        "Gjennomgå hendelsen med alle ansatte på neste personalmøte.",
        "Oppdatere risikovurderingen for arbeidsoppgaven.",
        "Repetere opplæring i forflytningsteknikk for hele avdelingen.",
        "Bestille og ta i bruk nytt verneutstyr.",
    ],
    "nestenulykke": [
        "Gå vernerunde i området sammen med verneombudet.",
        "Merke faresonen og informere alle som arbeider der.",
        "Legge rutinen inn i opplæringen for nyansatte og vikarer.",
    ],
    "branntillop": [
        "Kontrollere slokkeutstyr og rømningsveier i bygget.",
        "Repetere branninstruksen på personalmøtet.",
        "Bytte ut utstyret som startet brannen.",
    ],
    "materiell-skade": [
        "Melde skaden til forsikring og bestille reparasjon.",
        "Innføre sjekkliste ved bruk av utstyret.",
        "Kjøpe inn erstatningsutstyr.",
    ],
    "bygningsmessig-skade": [
        "Bestille utbedring hos Eiendom.",
        "Sperre av og skilte til utbedringen er gjort.",
        "Legge kontrollen inn i vedlikeholdsplanen for bygget.",
    ],
    "miljoutslipp": [
        "Rydde opp og levere avfallet som farlig avfall.",
        "Varsle kommunens miljørådgiver og dokumentere utslippet.",
        "Gjennomgå rutinen for lagring av olje og kjemikalier.",
    ],
    "brudd-internkontroll": [
        "Gjennomføre risikovurdering sammen med verneombudet.",
        "Oppdatere internkontrollpermen og informere de ansatte.",
        "Sette opp årshjul for internkontrollen i enheten.",
    ],
    "brudd-interne-rutiner": [
        "Gå gjennom rutinen med de ansatte på neste personalmøte.",
        "Gjøre rutinen kjent for vikarer ved første vakt.",
        "Sette opp stikkprøvekontroll de neste fire ukene.",
    ],
    "annet": [
        "Følge opp forholdet på neste personalmøte.",
        "Avklare ansvar og frist med driftsleder.",
        "Informere de ansatte om hva som er gjort.",
    ],
}

# Which specialist unit (faginstans) is asked to help with which kind of deviation.
SPECIALIST_FOR_CATEGORY = {
    "bygningsmessig-skade": "TEK-EI",
    "materiell-skade": "TEK-EI",
    "branntillop": "TEK-BR",
    "personskade": "STAB-BHT",
}

SPECIALIST_REQUESTS = [
    "Kan dere se på dette og foreslå et tiltak?",
    "Vi trenger en vurdering fra dere før vi bestemmer tiltak.",
    "Trenger hjelp til utbedring; enheten har ikke kompetanse selv.",
]
SPECIALIST_COMMENTS = [
    "Vi har vært på stedet og ser på saken.",
    "Befaring gjennomført. Vi tar tiltaket.",
    "Dette har vi sett før i andre bygg; vi følger opp.",
]
# The leader's own immediate actions (the reporter's come with the report).
IMMEDIATE_ACTIONS = {
    "personskade": [
        "Fulgte opp den skadde samme dag og satte inn en ekstra på vakt.",
        "Sørget for at den skadde kom til legevakten og ble fulgt hjem.",
    ],
    "nestenulykke": [
        "Sperret av området og informerte de ansatte på vakt.",
        "Gikk gjennom hendelsen med de som var på jobb.",
    ],
    "branntillop": [
        "Kontrollerte at brannalarmen var tilbakestilt og slokkeutstyret på plass.",
        "Tok utstyret ut av bruk til det er kontrollert.",
    ],
    "materiell-skade": [
        "Tok utstyret ut av bruk til det er kontrollert.",
        "Merket utstyret og sørget for reserveutstyr.",
    ],
    "bygningsmessig-skade": [
        "Sperret av området og satte opp skilt.",
        "Varslet vaktmester, som kom samme dag.",
    ],
    "miljoutslipp": [
        "Sørget for at utslippet ble stanset og samlet opp.",
    ],
    "annet": [
        "Snakket med de involverte samme dag.",
        "Informerte de ansatte på vakt om hendelsen.",
    ],
}
REPORTER_COMMENTS = [
    "Takk for at du meldte fra. Jeg ser på saken denne uka.",
    "Takk for meldingen. Vi tar det opp på personalmøtet.",
    "Har du tid til en kort prat om hendelsen i morgen?",
]
INTERNAL_COMMENTS = [
    "Tatt opp på ledermøtet.",
    "Snakket med verneombudet om saken.",
    "Sjekker om det finnes lignende saker i andre avdelinger.",
]
SAFETY_COMMENTS = [
    "Verneombudet er orientert og følger saken.",
    "Dette bør med på neste vernerunde.",
    "Flere har tatt opp det samme med meg; fint at det er meldt.",
]
REPORTER_INFORMATION = [
    "Det samme skjedde igjen i dag på kveldsvakt.",
    "Glemte å nevne at en kollega også så det som skjedde.",
    "Har tatt bilde av stedet og kan vise det.",
]
FORWARD_REASONS = [
    "Tiltaket krever investering utover enhetens budsjett.",
    "Gjelder flere enheter og må løses på sektornivå.",
    "Krever avklaring med eiendomsforvalter på overordnet nivå.",
]
HOLD_REASONS = [
    "Venter på håndverker fra Eiendom.",
    "Venter på leveranse av nytt utstyr.",
    "Venter på svar fra bedriftshelsetjenesten.",
]
NOT_EFFECTIVE_NOTES = [
    "Samme problem oppstod igjen etter to uker.",
    "Tiltaket ble ikke fulgt i praksis på kveldsvakt.",
    "Ansatte melder at det ikke har blitt bedre.",
]
REOPEN_REASONS = [
    "Det samme har skjedd igjen; tiltaket holdt ikke.",
    "Verneombudet påpeker at forholdet ikke er utbedret.",
]
# What a leader records as a corrective action already done (the immediate action
# restored the normal state for good).
NO_ACTIONS_REASONS = [
    "Strakstiltaket gjenopprettet normal tilstand: ryddet og sikret på stedet.",
    "Forholdet ble rettet på stedet og er kontrollert; normal drift.",
]
NOT_A_DEVIATION_REASONS = [
    "Forholdet er i tråd med gjeldende rutine og er ikke et avvik. Tatt med som "
    "forbedringsforslag.",
    "Dette er en bestilling til vaktmester, ikke et avvik; den er sendt videre dit.",
    "Gjelder et privat forhold utenfor arbeidet og følges opp i samtale.",
]
DUPLICATE_REASON = "Samme hendelse er meldt av en kollega; vi følger den opp der."
STALE_COMMENT = "Venter fortsatt på tiltaket; må følges opp."
DONE_NOTES = ["", "", "Utført.", "Gjennomført og kontrollert.", "Tatt opp på personalmøtet."]


def closing_summary(planned, rng: random.Random, *, has_actions: bool) -> str:
    """What the reporter reads when the case is closed."""
    opening = rng.choice(
        ["Takk for at du meldte fra.", "Takk for meldingen.", "Takk for at du sa fra om dette."]
    )
    if not has_actions:
        return f"{opening} Forholdet ble rettet med en gang, og vi har sjekket at det holder."
    middle = rng.choice(
        [
            "Tiltakene er gjennomført, og vi ser at de virker.",
            "Vi har gjort endringer, og det har ikke skjedd igjen siden.",
            "Tiltakene er fulgt opp og vurdert som virksomme.",
        ]
    )
    return f"{opening} {middle} Saken om «{planned.example.title.lower()}» er nå lukket."


ROUTINES = [
    "Rutine for renhold og glatte gulv",
    "Prosedyre for forflytning av beboere",
    "Rutine for brannvern og rømningsveier",
    "Rutine for oppbevaring av kjemikalier",
]


def routine_review(rng: random.Random):
    """The review of work routines a leader records at closing."""
    from cases.services import RoutineReview

    draw = rng.random()
    if draw < 0.35:
        return RoutineReview(
            outcome="changed",
            routine=rng.choice(ROUTINES),
            note="Rutinen er oppdatert og gjennomgått på personalmøtet.",
        )
    if draw < 0.75:
        return RoutineReview(
            outcome="no_change",
            routine=rng.choice(ROUTINES),
            note="Rutinen dekker dette; den ble ikke fulgt denne gangen.",
        )
    return RoutineReview(
        outcome="not_reviewed", note="Gjennomgås samlet på neste HMS-møte i enheten."
    )
