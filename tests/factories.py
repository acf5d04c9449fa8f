"""factory_boy factories for the people and organisation the tests talk about."""

import factory
from django.contrib.auth.models import Group

from orgchart.access import HMS_ADMIN_GROUP
from orgchart.models import Committee, Membership, OrgUnit, SafetyRepresentative, User

PASSWORD = "Riktig-hest-batteri-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommune.example")
    phone = factory.Sequence(lambda n: f"9{n:07d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Enhet {n}")
    parent = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    is_primary = True


class SafetyRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRepresentative
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"AMU {n}")
    unit = factory.SubFactory(OrgUnitFactory)

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


def make_hms_admin(user: User) -> User:
    group, _ = Group.objects.get_or_create(name=HMS_ADMIN_GROUP)
    user.groups.add(group)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user
