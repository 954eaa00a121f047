"""The roles of DOMAIN.md §2 and what each is scoped to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("دبیرخانه قرارگاه استان")
    GOVERNOR = "governor", _("استاندار / معاون")
    COUNTY = "county_staff", _("کارشناس فرمانداری")
    AGENCY = "agency_focal", _("کارشناس رابط دستگاه")
    NEIGHBORHOOD = "neighborhood_manager", _("مدیر محله")
    NATIONAL = "national", _("ستاد ملی")
    PARTNER = "partner", _("شریک (گروه جهادی، خیر، دانشگاه)")


# Which scope field each role needs.
ROLE_SCOPE_FIELD = {
    Role.SECRETARIAT: "province",
    Role.GOVERNOR: "province",
    Role.COUNTY: "county",
    Role.AGENCY: "agency",
    Role.NEIGHBORHOOD: "neighborhood",
    Role.NATIONAL: None,
    Role.PARTNER: "agency",
}

PROVINCE_ROLES = {Role.SECRETARIAT, Role.GOVERNOR}
# Roles whose work needs residents' and neighborhood staff's contact details.
CONTACT_ROLES = {Role.SECRETARIAT, Role.GOVERNOR, Role.COUNTY, Role.NEIGHBORHOOD}
