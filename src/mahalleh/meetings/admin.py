from django.contrib import admin

from mahalleh.meetings.models import (
    AgendaItem,
    Assignment,
    Attendance,
    Body,
    BodyMembership,
    Meeting,
    ProgressReport,
    Resolution,
    TargetAnnouncement,
)


class MembershipInline(admin.TabularInline[BodyMembership, Body]):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin[Body]):
    list_display = ["name", "kind", "province", "county", "cadence"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class AgendaInline(admin.TabularInline[AgendaItem, Meeting]):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline[Attendance, Meeting]):
    model = Attendance
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["__str__", "body", "number", "date", "status"]
    list_filter = ["status", "body"]
    inlines = [AgendaInline, AttendanceInline]


class AssignmentInline(admin.TabularInline[Assignment, Resolution]):
    model = Assignment
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin[Resolution]):
    list_display = ["__str__", "meeting", "status", "due_date"]
    list_filter = ["status", "deadline_kind"]
    search_fields = ["text"]
    inlines = [AssignmentInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin[ProgressReport]):
    list_display = ["__str__", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(TargetAnnouncement)
class TargetAnnouncementAdmin(admin.ModelAdmin[TargetAnnouncement]):
    list_display = ["neighborhood", "body"]
    list_filter = ["body"]
    autocomplete_fields = ["neighborhood", "body"]
