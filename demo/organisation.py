"""A believable Norwegian municipality for the demo, built through the HR import so the
demo exercises the same code path as a real organisation."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from orgchart.administrators import grant_hms_admin
from orgchart.importing.parse import PEOPLE_COLUMNS, UNIT_COLUMNS
from orgchart.models import Committee, OrgUnit, SafetyRepresentative, User

DEMO_PASSWORD = "avvik-demo-2026"

# (code, name, parent, leader id or "" for a vacant unit, specialist)
UNITS = [
    ("FK", "Fjordvik kommune", "", "1001", False),
    ("OPP", "Oppvekst", "FK", "1002", False),
    ("OPP-FS", "Fjordvik skole", "OPP", "1010", False),
    ("OPP-NS", "Nordbygda skole", "OPP", "1011", False),
    ("OPP-SB", "Solstrålen barnehage", "OPP", "1012", False),
    ("OPP-BB", "Bekkeli barnehage", "OPP", "1013", False),
    ("HO", "Helse og omsorg", "FK", "1003", False),
    ("HO-SH", "Fjordvik sykehjem", "HO", "1020", False),
    ("HO-SH-SK", "Skjermet enhet", "HO-SH", "1021", False),
    ("HO-SH-KO", "Korttidsavdelingen", "HO-SH", "", False),
    ("HO-SH-LA", "Langtidsavdelingen", "HO-SH", "1022", False),
    ("HO-HT", "Hjemmetjenesten", "HO", "1023", False),
    ("HO-HT-N", "Hjemmetjenesten sone nord", "HO-HT", "1024", False),
    ("HO-HT-S", "Hjemmetjenesten sone sør", "HO-HT", "1025", False),
    ("HO-LT", "Legetjenesten", "HO", "1026", False),
    ("TEK", "Teknisk", "FK", "1004", False),
    ("TEK-EI", "Eiendom", "TEK", "1030", True),
    ("TEK-BR", "Brann og redning", "TEK", "1031", True),
    ("TEK-VA", "Vann og avløp", "TEK", "1032", False),
    ("TEK-VEI", "Vei og park", "TEK", "1033", False),
    ("STAB", "Stab og støtte", "FK", "1005", False),
    ("STAB-IT", "IT-tjenesten", "STAB", "1040", True),
    ("STAB-BHT", "Bedriftshelsetjenesten", "STAB", "1041", True),
    ("STAB-HR", "HR og organisasjon", "STAB", "1042", False),
]

FIRST_NAMES = (
    "Anne Kari Ingrid Marit Liv Hilde Nina Silje Ida Ingrid Sara Nora Emma Maja Thea "
    "Ole Lars Per Jan Kjetil Morten Anders Even Jonas Magnus Sindre Henrik Eirik Tor"
).split()
LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Moen Strand Solberg Bakken Aasen Ødegård"
).split()


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    name: str


def _people_rows(rng: random.Random) -> list[tuple]:
    rows = []
    leaders = {leader: code for code, _n, _p, leader, _s in UNITS if leader}
    for employee_id, code in leaders.items():
        rows.append((employee_id, code))
    next_id = 2000
    for code, _name, parent, _leader, _specialist in UNITS:
        if not parent:
            continue
        for _index in range(rng.randint(3, 7)):
            rows.append((str(next_id), code))
            next_id += 1
    people = []
    for employee_id, code in rows:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{employee_id}@fjordvik.kommune.example".lower()
        email = email.replace("æ", "ae").replace("ø", "o").replace("å", "a")
        people.append((employee_id, first, last, email, code, f"9{rng.randint(0, 9999999):07d}"))
    return people


def units_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(UNIT_COLUMNS)
    for code, name, parent, leader, specialist in UNITS:
        writer.writerow([code, name, parent, leader, "", "ja" if specialist else "nei"])
    return out.getvalue()


def people_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(PEOPLE_COLUMNS)
    writer.writerows(_people_rows(random.Random(2026)))
    return out.getvalue()


def _first_member(code: str) -> User:
    return (
        User.objects.filter(memberships__unit__code=code, memberships__is_primary=True)
        .exclude(led_units__isnull=False)
        .order_by("employee_id")
        .first()
    )


@transaction.atomic
def seed_organisation() -> list[DemoLogin]:
    """Create or refresh the demo municipality; safe to run again."""
    from orgchart.importing import import_orgchart

    import_orgchart(io.StringIO(units_csv()), io.StringIO(people_csv()))

    employee = _first_member("HO-SH-SK")
    leader = User.objects.get(employee_id="1021")  # Skjermet enhet
    higher_leader = User.objects.get(employee_id="1003")  # Helse og omsorg
    specialist = _first_member("TEK-EI")
    safety_rep = _first_member("HO-SH-LA")
    amu_member = _first_member("STAB-HR")

    rep, _created = SafetyRepresentative.objects.get_or_create(user=safety_rep)
    rep.units.set([OrgUnit.objects.get(code="HO-SH")])
    committee, _created = Committee.objects.get_or_create(
        name="Sentralt arbeidsmiljøutvalg",
        defaults={"unit": OrgUnit.objects.get(code="FK"), "period": Committee.Period.TERTIAL},
    )
    committee.members.add(amu_member, User.objects.get(employee_id="1042"))

    admin, _created = User.objects.get_or_create(
        username="hms-admin",
        defaults={
            "first_name": "Hanne",
            "last_name": "HMS-administrator",
            "email": "hms@fjordvik.kommune.example",
        },
    )
    # The role as an installation gives it: the migration's group, through the service
    # behind `manage.py hms_admin grant`.
    grant_hms_admin(admin, via="seed_demo")

    logins = [
        DemoLogin(_("Employee"), employee, ""),
        DemoLogin(_("Leader"), leader, ""),
        DemoLogin(_("Higher leader"), higher_leader, ""),
        DemoLogin(_("Specialist unit"), specialist, ""),
        DemoLogin(_("Safety representative"), safety_rep, ""),
        DemoLogin(_("AMU member"), amu_member, ""),
        DemoLogin(_("HMS administrator"), admin, ""),
    ]
    result = []
    for login in logins:
        user = login.username
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user == admin
        # The demo's break-glass account: it keeps its password when single sign-on is on.
        user.password_login_allowed = user == admin
        user.save()
        result.append(DemoLogin(login.role, user.email or user.username, str(user)))
    # Everyone a demo user meets on the way (the leader a case is forwarded or escalated
    # to, an assignee, a colleague on the committee) logs in with the same password. One
    # hash for all of them: hashing each would take longer than the rest of the demo.
    demo_people = [row[0] for row in _people_rows(random.Random(2026))]
    User.objects.filter(employee_id__in=demo_people, is_active=True).exclude(
        pk__in=[login.username.pk for login in logins]
    ).update(password=make_password(DEMO_PASSWORD))
    return result
