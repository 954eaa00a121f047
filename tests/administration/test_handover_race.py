"""Two handovers of the same role at once: one moves it, the other is told it has gone; never two holders."""

import threading

import pytest
from django.db import connection

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.administration.models import RoleChange
from mahalleh.administration.services import role_handover, user_create
from mahalleh.core.roles import Role
from mahalleh.core.services import DomainError
from tests.factories import AgencyFactory, ProvinceFactory, user_with_role


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite's in-memory test database serializes writers")
@pytest.mark.django_db(transaction=True)
def test_racing_handovers_leave_one_holder():
    province = ProvinceFactory(name="البرز", code="alborz")
    agency = AgencyFactory(province=province)
    admin = user_with_role(Role.SECRETARIAT, province=province)
    leaver = user_with_role(Role.AGENCY, agency=agency)
    takers = [user_create(username=f"taker{i}", password=None, province=province, actor=admin) for i in range(2)]
    assignment = leaver.role_assignments.get()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def hand(to: User) -> None:
        try:
            barrier.wait()
            role_handover(assignment=RoleAssignment.objects.get(pk=assignment.pk), to_user=to,
                          actor=User.objects.get(pk=admin.pk))
            outcomes.append("moved")
        except (DomainError, RoleAssignment.DoesNotExist):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=hand, args=(t,)) for t in takers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["moved", "refused"]
    assert RoleAssignment.objects.filter(agency=agency).count() == 1
    assert RoleChange.objects.filter(kind=RoleChange.Kind.HANDOVER).count() == 1
