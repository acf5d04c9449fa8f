"""A year and a half of believable deviations for the demo municipality, and how each
one was handled.

Every report is filed through ``file_deviation``, the same path as the form, and every
later step through the same services a leader's click calls, each under a simulated
clock set to when it happened (see demo.replay): the timeline, append-only, is
written once with its real-looking times. Each report carries a fixed submission token,
so running the seed again files and handles nothing twice.
"""

from __future__ import annotations

import random
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from avvik.models import Category, Deviation, Severity
from cases import notifications
from cases.models import Case
from cases.services import file_deviation
from demo.courses import TARGETS, Course, aim, build, choose_course
from demo.replay import Cast, replay
from demo.timeline import Timeline
from orgchart.models import Membership, OrgUnit

DEMO_TOKENS = uuid.UUID("5d1b7a52-3c4e-4f0a-9a57-6f1d2b0c8e41")
HISTORY_DAYS = 548  # 18 months
# A share of the reports from the last weeks, so that the demo has cases in hand.
RECENT_SHARE = 0.15
RECENT_DAYS = 45
# The unit whose leader demo.organisation prints as the demo's "Leader" login: its newest
# cases are aimed at every state, one of them stale (demo.courses.TARGETS).
SHOWCASE_UNIT = "HO-SH-SK"
SHOWCASE_TARGETS = ("stale", "reported", "in_progress", "evaluating", "on_hold")
# Elsewhere, the newest reports: a few more waiting for their leaders, and one more held.
NEWEST_TARGETS = ("reported", "reported", "reported", "on_hold")


@dataclass(frozen=True)
class Example:
    title: str
    description: str
    immediate_action: str = ""
    suggested_measure: str = ""
    # Unit code prefixes where it could happen; empty means anywhere.
    where: tuple[str, ...] = ()
    # Personal injury only: (who was hurt, kind of injury, treatment, absence).
    injury: tuple[str, str, str, bool] | None = None
    location: str = ""


EXAMPLES: dict[str, list[Example]] = {
    "personskade": [
        Example(
            "Kuttskade på kjøkkenet",
            "Skar meg i fingeren på en kniv som lå med bladet opp i oppvaskkummen.",
            "Renset såret og satte på plaster.",
            "Kniver legges i eget stativ, aldri i kummen.",
            injury=("Meg selv", "Kutt i venstre pekefinger", "first_aid", False),
            location="Kjøkkenet",
        ),
        Example(
            "Fall på vått gulv i korridoren",
            "Skled på nyvasket gulv i korridoren. Det var ikke satt ut varselskilt.",
            "Satte ut skilt og tørket opp resten.",
            "Skilt må alltid settes ut når det vaskes i arbeidstiden.",
            injury=("Meg selv", "Forstuet høyre ankel", "doctor", True),
            location="Korridoren",
        ),
        Example(
            "Vondt i ryggen etter forflytning",
            "Hjalp en beboer fra seng til rullestol alene. Beboeren sank sammen midt i "
            "løftet og jeg kjente et stikk i korsryggen.",
            "Fikk hjelp av kollega til å sikre beboeren.",
            "Tiltaksplanen bør kreve to ansatte og takheis ved forflytning.",
            where=("HO",),
            injury=("Meg selv", "Akutt smerte i korsryggen", "doctor", True),
            location="Beboerrom",
        ),
        Example(
            "Stikkskade fra brukt kanyle",
            "Stakk meg på en brukt insulinkanyle som lå igjen på nattbordet.",
            "Vasket og desinfiserte, ringte legevakten og tok blodprøve samme dag.",
            "Kanyleboks på hvert rom der det settes injeksjoner.",
            where=("HO",),
            injury=("Meg selv", "Stikk i tommelen", "doctor", False),
            location="Beboerrom",
        ),
        Example(
            "Slått av urolig bruker under stell",
            "Brukeren ble urolig under morgenstellet og slo meg i ansiktet.",
            "Trakk meg rolig ut av rommet og hentet en kollega.",
            "Gå gjennom tiltaksplanen; vurdere to på stell om morgenen.",
            where=("HO",),
            injury=("Meg selv", "Hevelse over venstre øye", "first_aid", False),
            location="Beboerrom",
        ),
        Example(
            "Bitt av barn i garderoben",
            "Et barn bet meg i underarmen under påkledningen. Huden ble brutt.",
            "Vasket såret og sa fra til pedagogisk leder og foreldrene.",
            where=("OPP",),
            injury=("Meg selv", "Bittsår på underarmen", "first_aid", False),
            location="Garderoben",
        ),
        Example(
            "Elev skadet i gymsalen",
            "En elev falt fra ribbeveggen og landet på armen. Matten lå ikke under.",
            "Førstehjelp, ringte foresatte som tok eleven til legevakten.",
            "Matter skal alltid ligge under ribbeveggen når den er i bruk.",
            where=("OPP-FS", "OPP-NS"),
            injury=("En elev i 5. klasse", "Mulig brudd i håndleddet", "hospital", False),
            location="Gymsalen",
        ),
        Example(
            "Klemskade i porten på lageret",
            "Fingeren kom i klem da porten til lagerhallen lukket seg uten varsel.",
            "Kjølte ned og la på bandasje.",
            "Sjekke fotocellen på porten.",
            where=("TEK",),
            injury=("Meg selv", "Knust neglerot på langfingeren", "doctor", True),
            location="Lagerhallen",
        ),
        Example(
            "Brannskade fra kokende vann",
            "Vannkokeren veltet på benken og kokende vann rant over hånden min.",
            "Kjølte hånden under rennende vann i 20 minutter.",
            "Vannkokeren bør stå lenger inn på benken, unna kanten.",
            injury=("En kollega", "Andregrads forbrenning på håndbaken", "doctor", True),
            location="Personalrommet",
        ),
    ],
    "nestenulykke": [
        Example(
            "Skjøteledning over gangveien",
            "En skjøteledning lå tvers over gangen utenfor møterommet. Jeg var nær ved å "
            "snuble i den med et brett i hendene.",
            "Flyttet ledningen inntil veggen.",
            "Fast uttak ved møterommet, så ledningen ikke trengs.",
            location="Utenfor møterommet",
        ),
        Example(
            "Hylle løsnet fra veggen",
            "En vegghengt hylle med permer løsnet i det ene festet og hang på skrå over "
            "arbeidsplassen. Ingen ble truffet.",
            "Tok ned permene og sperret av under hylla.",
        ),
        Example(
            "Feil medisin oppdaget ved dobbeltkontroll",
            "Ved dobbeltkontroll så vi at dosetten var merket med feil navn. Medisinen ble "
            "ikke gitt.",
            "Tok dosetten ut av bruk og kontaktet sykepleier.",
            "Navn og fødselsdato på alle dosetter kontrolleres ved levering fra apoteket.",
            where=("HO",),
            location="Medisinrommet",
        ),
        Example(
            "Barn nesten ut av porten",
            "Porten til uteområdet sto ulåst, og et barn var på vei ut mot veien før en "
            "ansatt så det.",
            "Hentet barnet og låste porten.",
            "Porten bør ha automatisk lukking og lås i barnehøyde.",
            where=("OPP-SB", "OPP-BB"),
            location="Porten mot veien",
        ),
        Example(
            "Nesten påkjørt av lastebil som rygget",
            "En lastebil rygget inn på området uten ryggevakt mens jeg gikk bak den.",
            "Ropte til sjåføren, som stoppet.",
            "Merkede gangsoner og krav om ryggevakt ved levering.",
            where=("TEK",),
            location="Gårdsplassen ved driftsbygget",
        ),
        Example(
            "Isete trapp ved hovedinngangen",
            "Trappa ved hovedinngangen var blank av is og ikke strødd klokka sju. Holdt på å "
            "falle.",
            "Strødde med sand fra kassa ved døra.",
            "Strøing før arbeidstid når det er meldt minusgrader.",
            location="Hovedinngangen",
        ),
        Example(
            "Stige uten sklisikring",
            "Brukte gardintrappa fra lageret og den gled på gulvet. Fikk tak i hylla.",
            "Satte trappa til side og merket den.",
            "Kjøpe trapp med sklisikre føtter.",
            location="Lageret",
        ),
    ],
    "branntillop": [
        Example(
            "Røyk fra tørketrommelen",
            "Det kom røyk fra tørketrommelen på vaskerommet. Lofilteret var helt fullt.",
            "Slo av maskinen, luftet og varslet vaktmester.",
            "Fast rutine for å rense lofilteret etter hver bruk.",
            location="Vaskerommet",
        ),
        Example(
            "Glemt kjele på komfyren",
            "En kjele med olje ble glemt på platen og begynte å ryke. Brannalarmen gikk.",
            "Slo av platen og la lokk over kjelen.",
            "Komfyrvakt på kjøkkenet.",
            location="Kjøkkenet",
        ),
        Example(
            "Skjøteledning ble svært varm",
            "Skjøteledningen med vannkoker og mikrobølgeovn var varm og misfarget.",
            "Trakk ut støpselet og tok ledningen ut av bruk.",
            "Egen kurs for kjøkkenapparatene.",
            location="Personalrommet",
        ),
        Example(
            "Levende lys uten tilsyn",
            "Stearinlys sto tent uten tilsyn på personalrommet etter møtet.",
            "Blåste ut lysene.",
            "Bare batterilys i fellesrom.",
            location="Personalrommet",
        ),
    ],
    "materiell-skade": [
        Example(
            "Tjenestebil skadet ved rygging",
            "Rygget inn i en stolpe på parkeringsplassen. Bulk i bakre støtfanger.",
            "Tok bilder og fylte ut skademelding i bilen.",
            location="Parkeringsplassen",
        ),
        Example(
            "Knust vindu i klasserommet",
            "En ball traff vinduet i friminuttet og ruta knuste.",
            "Sperret av og ryddet glasset.",
            "Nett foran vinduene mot ballbanen.",
            where=("OPP-FS", "OPP-NS"),
            location="Klasserom 5B",
        ),
        Example(
            "Oppvaskmaskinen lekker",
            "Oppvaskmaskinen lekker og gulvet under er vått.",
            "Stengte vannet og tok maskinen ut av bruk.",
            location="Kjøkkenet",
        ),
        Example(
            "Personløfteren stopper midt i løftet",
            "Personløfteren stopper midt i løftet selv om batteriet er nytt.",
            "Merket løfteren «ikke i bruk» og lånte en fra nabobygget.",
            where=("HO",),
            location="Rom 112",
        ),
        Example(
            "Sprukket skjerm på nettbrettet",
            "Tjenestenettbrettet falt i bakken under et hjemmebesøk og skjermen sprakk.",
            where=("HO-HT",),
        ),
        Example(
            "Pumpe i pumpestasjonen havarert",
            "Pumpe 2 har stoppet og går ikke i gang igjen. Pumpe 1 går alene.",
            "Varslet vakttelefonen.",
            where=("TEK-VA",),
            location="Pumpestasjon Nordbygda",
        ),
    ],
    "bygningsmessig-skade": [
        Example(
            "Fuktskjold i taket",
            "Det har kommet brune fuktskjolder i taket over vinduet etter regnværet.",
            suggested_measure="Sjekke taket og beslagene over vinduet.",
        ),
        Example(
            "Løs trappenese",
            "Trappenesen på tredje trinn i hovedtrappa har løsnet. Snublefare.",
            "Satte tape over og varslet vaktmester.",
            location="Hovedtrappa",
        ),
        Example(
            "Ytterdøra går ikke i lås",
            "Ytterdøra på baksiden går ikke i lås. Uvedkommende kan komme inn.",
            "Låste med nøkkel fra innsiden.",
            location="Bakinngangen",
        ),
        Example(
            "Sprukne fliser på badet",
            "Flere fliser på badet har sprukket, og det er skarpe kanter ved dusjen.",
            location="Fellesbadet",
        ),
        Example(
            "Ventilasjonen virker ikke",
            "Ventilasjonsanlegget har stått i flere dager. Tung luft og over 26 grader.",
            suggested_measure="Service på anlegget og en plan for varme dager.",
        ),
    ],
    "miljoutslipp": [
        Example(
            "Oljesøl på verkstedgulvet",
            "Hydraulikkolje lakk fra gravemaskinen; omtrent fem liter rant mot sluket.",
            "La ut absorbent og stengte sluket.",
            "Oppsamlingskar under maskinene som står inne.",
            where=("TEK",),
            location="Verkstedet",
        ),
        Example(
            "Overløp fra pumpestasjon",
            "Avløpsvann gikk i overløp til bekken etter strømbruddet i natt.",
            "Varslet vakthavende og startet aggregatet.",
            where=("TEK-VA",),
            location="Pumpestasjon Sjøgata",
        ),
        Example(
            "Kjemikalier i restavfallet",
            "Fant tomme og halvfulle kanner med rengjøringsmiddel i restavfallet.",
            "Flyttet kannene til miljøstasjonen.",
            "Merket kasse for farlig avfall på lageret.",
            location="Avfallsrommet",
        ),
    ],
    "brudd-internkontroll": [
        Example(
            "Ingen risikovurdering før ny arbeidsoppgave",
            "Vi har begynt med nattlige hjemmebesøk alene uten at arbeidet er risikovurdert.",
            suggested_measure="Risikovurdering sammen med verneombudet.",
        ),
        Example(
            "Stoffkartoteket er ikke oppdatert",
            "Nye rengjøringsmidler er tatt i bruk uten sikkerhetsdatablad i stoffkartoteket.",
        ),
        Example(
            "Nye vikarer uten HMS-opplæring",
            "To nye vikarer har gått vakter uten HMS- og brannvernopplæring.",
            suggested_measure="Sjekkliste for første vakt.",
        ),
        Example(
            "Gammelt avvik er ikke fulgt opp",
            "Avviket om manglende rømningsskilt fra i fjor er fortsatt ikke fulgt opp.",
        ),
    ],
    "brudd-interne-rutiner": [
        Example(
            "Medisinrommet sto ulåst",
            "Døra til medisinrommet sto åpen og ulåst i over en time på kveldsvakt.",
            "Låste døra og sjekket at ingenting manglet.",
            where=("HO",),
            location="Medisinrommet",
        ),
        Example(
            "Personopplysninger igjen på skriveren",
            "En utskrift med navn og personnummer lå igjen på fellesskriveren.",
            "Leverte arket til leder.",
            "Utskrift med kort, så det skrives ut først når man står ved skriveren.",
            location="Skriverrommet",
        ),
        Example(
            "Ingen muntlig rapport ved vaktskifte",
            "Kveldsvakten fikk ikke rapport fra dagvakten om en beboer med feber.",
            where=("HO",),
            location="Vaktrommet",
        ),
        Example(
            "Adgangskort lånt ut",
            "En kollega lånte ut adgangskortet sitt til en vikar for hele vakta.",
        ),
        Example(
            "Brannøvelsen ble ikke holdt",
            "Den planlagte brannøvelsen ble ikke holdt og er ikke satt opp på nytt.",
        ),
        Example(
            "Alenearbeid uten varsling",
            "Arbeidet alene på kveldstid uten å melde fra til vaktsentralen slik rutinen krever.",
            where=("TEK", "HO-HT"),
        ),
        Example(
            "Tilsynslista på uteområdet ble ikke fulgt",
            "Ingen voksne sto ved sandkassa i et kvarter fordi vaktlista ikke var fordelt.",
            where=("OPP-SB", "OPP-BB"),
            location="Uteområdet",
        ),
    ],
    "annet": [
        Example(
            "Trusler på telefon",
            "En pårørende ringte og kom med trusler mot en navngitt ansatt.",
            "Noterte tidspunkt og hva som ble sagt.",
        ),
        Example(
            "Tomt førstehjelpsskrin",
            "Førstehjelpsskrinet på kjøkkenet er tomt for plaster og bandasjer.",
            location="Kjøkkenet",
        ),
        Example(
            "For kaldt på kontoret",
            "Temperaturen på kontoret har vært under 18 grader hele uka.",
            location="Kontoret",
        ),
        Example(
            "Spor etter mus på lageret",
            "Det er museskitt på hyllene på matvarelageret.",
            "Kastet åpne varer og satte alt annet i tette bokser.",
            location="Matvarelageret",
        ),
        Example(
            "Mye støy i kontorlandskapet",
            "Støyen fra nabobordene gjør det vanskelig å ta telefoner med brukere.",
            suggested_measure="Stillerom eller lydabsorbenter.",
            where=("STAB",),
            location="Kontorlandskapet 3. etg",
        ),
    ],
}

# How common each kind is, and how serious it tends to be (low, medium, high, critical).
CATEGORY_WEIGHTS = {
    "personskade": 14,
    "nestenulykke": 22,
    "branntillop": 3,
    "materiell-skade": 12,
    "bygningsmessig-skade": 10,
    "miljoutslipp": 2,
    "brudd-internkontroll": 6,
    "brudd-interne-rutiner": 22,
    "annet": 9,
}
SEVERITY_WEIGHTS = {
    "personskade": (20, 45, 28, 7),
    "branntillop": (10, 40, 40, 10),
    "miljoutslipp": (15, 45, 30, 10),
}
DEFAULT_SEVERITY_WEIGHTS = (45, 38, 14, 3)
SEVERITIES = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


@dataclass
class _Planned:
    token: uuid.UUID
    reporter: object
    unit: OrgUnit
    category: Category
    example: Example
    severity: str
    location: str
    reported_at: datetime
    occurred_at: datetime
    # The active people of the unit, who may be given its corrective actions.
    colleagues: list = field(default_factory=list, repr=False)
    target: str = ""
    course: Course | None = field(default=None, repr=False)
    case: Case | None = field(default=None, repr=False)


def seed_deviations(count: int = 300) -> int:
    """File ``count`` demo deviations over the last 18 months, spread over categories and
    units, and handle each as far as it would have come by now. Returns how many were
    filed now (0 on a re-run)."""
    tokens = [uuid.uuid5(DEMO_TOKENS, str(n)) for n in range(count)]
    already = set(
        Deviation.objects.filter(submission_token__in=tokens).values_list(
            "submission_token", flat=True
        )
    )
    if len(already) >= count:
        return 0
    now = timezone.now().replace(microsecond=0)
    plan = _plan(tokens, now)
    todo = [p for p in plan if p.token not in already]
    cast = Cast(now)
    with transaction.atomic(), _without_notifications(), _roomy_sqlite_cache():
        replay(_timelines(plan, todo, cast), cast)
    return len(todo)


def _timelines(plan: list[_Planned], todo: list[_Planned], cast: Cast) -> list[Timeline]:
    """The planned life of each case to file: the aimed ones first (they choose their
    dates), then the rest in order of their reports, each able to name an earlier one as
    its duplicate."""
    _choose_targets(plan)
    wanted = {p.token for p in todo}
    timelines = {}
    for planned in plan:
        if planned.target and planned.token in wanted:
            timelines[planned.token] = aim(planned, TARGETS[planned.target], cast, _file)
    earlier: list[_Planned] = []
    for planned in sorted(plan, key=lambda p: p.reported_at):
        if planned.token in wanted and planned.token not in timelines:
            rng = random.Random(planned.token.int)
            planned.course = choose_course(planned, rng, cast, earlier)
            timelines[planned.token] = build(planned, planned.course, rng, cast, _file)
        earlier.append(planned)
    return list(timelines.values())


def _choose_targets(plan: list[_Planned]) -> None:
    """The showcase unit's newest reports take the showcase states; the newest report
    from a unit right under the showcase unit's sector is forwarded to that sector's
    leader; the newest of the others take ``NEWEST_TARGETS``."""
    newest_first = sorted(plan, key=lambda p: p.reported_at, reverse=True)
    showcase = [p for p in newest_first if p.unit.code == SHOWCASE_UNIT]
    for planned, target in zip(showcase, SHOWCASE_TARGETS, strict=False):
        planned.target = target
    others = [p for p in newest_first if p.unit.code != SHOWCASE_UNIT]
    for planned, target in zip(others, NEWEST_TARGETS, strict=False):
        planned.target = target
    if not showcase:
        return
    unit = showcase[0].unit
    sector_id = unit.parent.parent_id if unit.parent else None
    under_sector = [p for p in plan if not p.target and sector_id and p.unit.parent_id == sector_id]
    if under_sector:
        max(under_sector, key=lambda p: p.reported_at).target = "forwarded"


def _plan(tokens: list[uuid.UUID], now: datetime) -> list[_Planned]:
    """What to file, decided by a fixed random seed so every run plans the same reports."""
    rng = random.Random(2026)
    categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    codes = [code for code in CATEGORY_WEIGHTS if code in categories and EXAMPLES.get(code)]
    units = list(
        OrgUnit.objects.active().filter(is_specialist_unit=False, depth__gte=2).order_by("code")
    )
    members = defaultdict(list)
    for membership in (
        Membership.objects.filter(unit__in=units, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("unit__code", "user__employee_id", "user__pk")
    ):
        members[membership.unit_id].append(membership.user)
    units = [unit for unit in units if members[unit.pk]]
    if not units or not codes:
        return []
    now = timezone.localtime(now)
    plan = []
    for token in tokens:
        unit = rng.choice(units)
        code = rng.choices(codes, weights=[CATEGORY_WEIGHTS[c] for c in codes])[0]
        fitting = [e for e in EXAMPLES[code] if _fits(e.where, unit.code)]
        example = rng.choice(fitting or [e for e in EXAMPLES[code] if not e.where])
        severity = rng.choices(
            SEVERITIES, weights=SEVERITY_WEIGHTS.get(code, DEFAULT_SEVERITY_WEIGHTS)
        )[0]
        # Most say where; some leave the field folded away.
        location = example.location if rng.random() < 0.8 else ""
        span = RECENT_DAYS if rng.random() < RECENT_SHARE else HISTORY_DAYS
        day = now - timedelta(days=rng.uniform(0, span))
        reported_at = day.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59), second=0)
        if reported_at > now:
            reported_at -= timedelta(days=1)
        # Most are reported within the hour or two; some only the day after or later.
        delay = rng.randint(5, 120) if rng.random() < 0.8 else rng.randint(120, 72 * 60)
        plan.append(
            _Planned(
                token=token,
                reporter=rng.choice(members[unit.pk]),
                unit=unit,
                category=categories[code],
                example=example,
                severity=severity,
                location=location,
                reported_at=reported_at,
                occurred_at=reported_at - timedelta(minutes=delay),
                colleagues=members[unit.pk],
            )
        )
    return plan


def _fits(prefixes: tuple[str, ...], unit_code: str) -> bool:
    return not prefixes or any(unit_code == p or unit_code.startswith(p + "-") for p in prefixes)


def _file(planned: _Planned) -> Case:
    example = planned.example
    injury = None
    if planned.category.involves_health_data and example.injury:
        person, kind, treatment, absence = example.injury
        injury = {
            "injured_person": person,
            "injury_kind": kind,
            "treatment": treatment,
            "absence": absence,
        }
    filed = file_deviation(
        planned.reporter,
        fields={
            "unit": planned.unit,
            "category": planned.category,
            "severity": planned.severity,
            "title": example.title,
            "description": example.description,
            "immediate_action": example.immediate_action,
            "suggested_measure": example.suggested_measure,
            "location": planned.location,
            "occurred_at": planned.occurred_at,
        },
        injury=injury,
        submission_token=planned.token,
    )
    return filed.case


@contextmanager
def _roomy_sqlite_cache() -> Iterator[None]:
    """The history is one transaction of some ten thousand rows. SQLite's default page
    cache (2 MB) spills them to the file as it goes; 64 MB holds them until the commit,
    which halves the seed's time on a busy disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def _without_notifications() -> Iterator[None]:
    """The demo's history is made up: nobody should get hundreds of e-mails, or notices
    in the app, about it. While it is written, every notice function of
    cases.notifications does nothing (returning an empty list where a list of notices is
    expected), and so does storing a notice (orgchart.notifications.notify and
    notify_many, also where another module imported them by name)."""
    from orgchart import notifications as storage

    swaps = {}
    for name, function in vars(notifications).items():
        if (
            callable(function)
            and not name.startswith("_")
            and getattr(function, "__module__", None) == notifications.__name__
        ):
            swaps[notifications, name] = _quiet(function)
    for name in ("notify", "notify_many"):
        original = getattr(storage, name, None)
        if original is None:
            continue
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith(PROJECT_APPS) and (
                getattr(module, name, None) is original
            ):
                swaps[module, name] = _quiet(original)
    originals = {(module, name): getattr(module, name) for module, name in swaps}
    for (module, name), stub in swaps.items():
        setattr(module, name, stub)
    try:
        yield
    finally:
        for (module, name), original in originals.items():
            setattr(module, name, original)


PROJECT_APPS = ("orgchart", "avvik", "cases", "reports")


def _quiet(function):
    empty = [] if str(function.__annotations__.get("return", "")).startswith("list") else None

    def quiet(*args, **kwargs):
        return [] if empty is not None else None

    return quiet
