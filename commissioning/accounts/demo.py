"""Demo council records for accounts: the council, wards, councillors, providers, staff and the demo logins."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.demo import PARTIES, PLACE_PARTS, SeedContext, add_m2m, create_missing
from commissioning.core.permissions import Role

DEMO_LOGINS = [
    ("officer", Role.OFFICER, "Commissioning officer"),
    ("director", Role.DIRECTOR, "Strategic director"),
    ("finance", Role.FINANCE, "Finance business partner"),
    ("cabinet", Role.CABINET, "Cabinet member"),
    ("scrutiny", Role.SCRUTINY, "Scrutiny committee member"),
    ("councillor", Role.COUNCILLOR, "Ward councillor"),
    ("provider", Role.PROVIDER, "Contract manager"),
    ("admin", Role.ADMIN, "Systems administrator"),
    ("democratic", Role.DEMOCRATIC, "Democratic services officer"),
    ("partner", Role.PARTNER, "Integrated care board finance lead"),
    ("legal", Role.LEGAL, "Monitoring officer"),
]
MONITORING_OFFICER_NAME = ("Morwenna", "Treloar")
# The council's own staff and members among the demo logins (the partner login works for the integrated care board).
STAFF_LOGINS = [login for login in DEMO_LOGINS if login[1] != Role.PARTNER]
# The demo logins that hold a councillor's seat: the first seat of each of these wards (by their order).
LOGIN_SEATS = {0: "councillor", 1: "cabinet", 2: "scrutiny"}
PROVIDER_SUFFIXES = {
    Organisation.Kind.COMPANY: ["Care Ltd", "Services Ltd", "Facilities Ltd", "Support Ltd", "Environmental Ltd"],
    Organisation.Kind.CHARITY: ["Community Trust", "Family Action", "Advice Centre", "Youth Project", "Foundation"],
    Organisation.Kind.SOCIAL_ENTERPRISE: ["Leisure CIC", "Mutual", "Co-operative"],
}


def seed(ctx: SeedContext) -> None:
    scale = ctx.scale
    rng = ctx.rng
    council = create_missing(
        Organisation,
        [Organisation(name=scale.council_name, kind=Organisation.Kind.COUNCIL, is_home=True, ons_code=scale.ons_code)],
        key="ons_code",
        ctx=ctx,
    )[scale.ons_code]
    ctx.made["council"] = council

    ward_base = 900000 if scale.name == "district" else 950000
    ward_names = ctx.unique_names(PLACE_PARTS, scale.wards)
    wards = create_missing(
        Ward,
        [
            Ward(name=name, ons_code=f"E05{ward_base + i + 1:06d}", council=council)
            for i, name in enumerate(sorted(ward_names))
        ],
        key="ons_code",
        ctx=ctx,
    )
    ctx.made["wards"] = sorted(wards.values(), key=lambda w: w.ons_code)

    # Providers and partners: invented names, invented company and charity numbers.
    provider_names = ctx.unique_names(PLACE_PARTS, scale.wards + scale.providers)[scale.wards :]
    providers = []
    kinds = list(PROVIDER_SUFFIXES)
    for i, stem in enumerate(provider_names):
        kind = kinds[i % len(kinds)]
        name = f"{stem} {rng.choice(PROVIDER_SUFFIXES[kind])}"
        org = Organisation(name=name, kind=kind, is_sme=rng.random() < 0.6, is_vcse=kind != Organisation.Kind.COMPANY)
        if kind == Organisation.Kind.CHARITY:
            org.charity_number = f"{1190000 + i * 7 + (0 if scale.name == 'district' else 5000):07d}"
        else:
            org.company_number = f"{(9 if scale.name == 'district' else 8) * 10_000_000 + i * 13:08d}"
        providers.append(org)
    partners = [
        Organisation(
            name=f"{scale.council_name.split()[0]} Health and Care Partnership",
            kind=Organisation.Kind.PARTNER,
            ons_code="",
        ),
        Organisation(name=f"{ward_names[0]} District Council", kind=Organisation.Kind.PARTNER, ons_code=""),
    ]
    providers_by_name = create_missing(Organisation, providers + partners, key="name", ctx=ctx)
    ctx.made["providers"] = [providers_by_name[p.name] for p in providers]
    ctx.made["partners"] = [providers_by_name[p.name] for p in partners]
    # The NHS integrated care board the "partner" login works for (the pooled budget's partner, finance-pools).
    icb_name = f"NHS {scale.council_name.split()[0]} Integrated Care Board"
    icb = Organisation(name=icb_name, kind=Organisation.Kind.PARTNER, ons_code="")
    ctx.made["icb"] = create_missing(Organisation, [icb], key="name", ctx=ctx)[icb_name]

    # Staff: the demo logins plus accountable officers and directors who never sign in. Every one is marked a demo
    # account, which cannot sign in where demo users are not allowed (production settings).
    password = make_password(ctx.password)
    unusable = make_password(None)  # staff who never sign in to the demo
    # The monitoring officer's login (the last one, added after the others) has a name of its own that is not drawn,
    # so every other name, and every draw after them, is what it was before that login was added.
    drawn = len(STAFF_LOGINS) - 1
    names = ctx.person_names(drawn + scale.officers + scale.directorates + scale.wards * scale.councillors_per_ward + 1)
    # The partner login takes the last name, so nobody else's name changes with it.
    login_names = [*names[:drawn], names[-1], MONITORING_OFFICER_NAME]
    users = []
    for (username, role, title), (first, last) in zip(DEMO_LOGINS, login_names, strict=True):
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                job_title=title,
                password=password,
                is_staff=role == Role.ADMIN,
                organisation={Role.PROVIDER: ctx.made["providers"][0], Role.PARTNER: ctx.made["icb"]}.get(role),
                email=f"{username}@example.org",
                is_demo=True,
            )
        )
    offset = drawn
    for i in range(scale.officers):
        first, last = names[offset + i]
        users.append(
            User(
                username=f"officer{i + 1:03d}",
                first_name=first,
                last_name=last,
                role=Role.OFFICER,
                job_title="Head of service",
                password=unusable,
                email=f"officer{i + 1:03d}@example.org",
                is_demo=True,
            )
        )
    offset += scale.officers
    for i in range(scale.directorates - 1):  # the demo "director" login runs the first directorate
        first, last = names[offset + i]
        users.append(
            User(
                username=f"director{i + 1:02d}",
                first_name=first,
                last_name=last,
                role=Role.DIRECTOR,
                job_title="Strategic director",
                password=unusable,
                email=f"director{i + 1:02d}@example.org",
                is_demo=True,
            )
        )
    offset += scale.directorates
    # Every councillor signs in (ward intelligence is submitted by a person); only the demo logins have a password:
    # "councillor" holds the first seat of the first ward, and the "cabinet" and "scrutiny" logins the first seats of
    # the second and third wards (LOGIN_SEATS), so a cabinet member and a scrutiny member are councillors too. The
    # others' accounts are for the records they submitted.
    seats = scale.wards * scale.councillors_per_ward
    login_seats = {ward * scale.councillors_per_ward: username for ward, username in LOGIN_SEATS.items()}
    for seat in range(1, seats):
        if seat in login_seats:
            continue
        first, last = names[offset + seat]
        users.append(
            User(
                username=f"cllr{seat + 1:03d}",
                first_name=first,
                last_name=last,
                role=Role.COUNCILLOR,
                job_title="Ward councillor",
                password=unusable,
                email=f"cllr{seat + 1:03d}@example.org",
                is_demo=True,
            )
        )
    all_users = create_missing(User, users, key="username", ctx=ctx)
    ctx.made["users"] = all_users
    ctx.made["officers"] = [all_users["officer"]] + [all_users[f"officer{i + 1:03d}"] for i in range(scale.officers)]
    ctx.made["directors"] = [all_users["director"]] + [
        all_users[f"director{i + 1:02d}"] for i in range(scale.directorates - 1)
    ]

    # Councillors: the first one is the demo "councillor" login.
    ward_list = ctx.made["wards"]
    councillors = []
    pairs_by_name = {}
    for w, ward in enumerate(ward_list):
        for seat in range(scale.councillors_per_ward):
            first, last = names[offset + w * scale.councillors_per_ward + seat]
            name = f"{first} {last}"
            login_name = login_seats.get(w * scale.councillors_per_ward + seat) if seat == 0 else None
            if login_name is not None:
                login = all_users[login_name]
                name = f"{login.first_name} {login.last_name}"
            councillors.append(
                Councillor(
                    name=name,
                    party=PARTIES[rng.randrange(len(PARTIES))],
                    user=all_users[login_name or f"cllr{w * scale.councillors_per_ward + seat + 1:03d}"],
                    email=f"cllr.{first.lower()}.{last.lower()}@example.org",
                )
            )
            pairs_by_name[name] = ward.pk
    administrators_group(all_users["admin"])
    before = set(Councillor.objects.values_list("pk", flat=True))
    by_name = create_missing(Councillor, councillors, key="name", ctx=ctx)
    new_ids = {c.pk for c in by_name.values()} - before
    add_m2m(
        Councillor, "wards", [(by_name[n].pk, ward_pk) for n, ward_pk in pairs_by_name.items()], new_owner_ids=new_ids
    )


ADMINISTRATOR_PERMISSIONS = [
    ("accounts", ["user", "organisation", "ward", "councillor"]),
    ("services", ["directorate"]),
    # The council's constitution as reference data: call-in days and members, the key-decision threshold, notice
    # periods, and which body holds the power to adopt an option (governance.admin).
    ("governance", ["governancesettings", "decisionpowerrule"]),
]


def administrators_group(admin: User) -> None:
    """Administrators look after users, roles and reference data in the admin site: not the domain records."""
    group, _created = Group.objects.get_or_create(name="Administrators")
    wanted = Permission.objects.none()
    for app_label, models in ADMINISTRATOR_PERMISSIONS:
        wanted = wanted | Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{verb}_{model}" for model in models for verb in ("add", "change", "view")],
        )
    group.permissions.set(wanted)
    if not admin.groups.filter(pk=group.pk).exists():  # a second run changes nothing, not even the user's history
        admin.groups.add(group)
