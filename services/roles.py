from centers.roles import Role, model_permissions

# Staff take and follow repair orders, keep households and their plans and the
# room bookings, run activities (occurrences, sign-ups, shifts, attendance), keep
# residents and their home visits and cases, and follow projects; directors also
# set up the repair service, keep the list of target groups, see every case of
# their centers and may delete records (e.g. a resident's data on request).
# Leaders read what is not personal data: residents, visits, cases and sign-ups
# reach them only as figures.
_KEPT_BY_STAFF = (
    "repairorder",
    "household",
    "venuebooking",
    "technician",
    "activity",
    "occurrence",
    "signup",
    "signupnotice",
    "shiftrole",
    "shiftassignment",
    "resident",
    "homevisit",
    "case",
    "casenote",
    "serviceproject",
    "projectdeliverable",
    "projectoutput",
    "projectexpense",
)
_ROWS_OF_STAFF_RECORDS = ("repairpart", "householdplan", "activityexception")
_REFERENCE = ("repairservice", "repairevent", "targetgroup")
_PERSONAL = ("signup", "signupnotice", "resident", "homevisit", "case", "casenote")

PERMISSIONS = {
    Role.STAFF: model_permissions("services", "view", *_REFERENCE)
    + model_permissions("services", "view add change", *_KEPT_BY_STAFF)
    + model_permissions("services", "view add change delete", *_ROWS_OF_STAFF_RECORDS),
    Role.DIRECTOR: model_permissions("services", "view", "repairevent")
    + model_permissions("services", "view add change", "repairservice", "targetgroup")
    + model_permissions(
        "services", "view add change delete", *_KEPT_BY_STAFF, *_ROWS_OF_STAFF_RECORDS
    )
    + ["services.view_all_cases"],
    Role.LEADER: model_permissions(
        "services",
        "view",
        *_REFERENCE,
        *(name for name in _KEPT_BY_STAFF if name not in _PERSONAL),
        *_ROWS_OF_STAFF_RECORDS,
    ),
}
