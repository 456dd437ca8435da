"""Users of the admin: staff accounts in the roles the data migration creates."""

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

# For tests that sign in through the login form (the rest use force_login,
# which needs no password and skips the slow password hashing).
PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.LazyFunction(lambda: make_password(None))

    class Params:
        with_password = factory.Trait(password=factory.django.Password(PASSWORD))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["Editors"]) puts the user in those groups."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


def editor(**kwargs) -> User:
    return UserFactory(roles=["Editors"], **kwargs)


def administrator(**kwargs) -> User:
    return UserFactory(roles=["Administrators"], **kwargs)
