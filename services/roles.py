from centers.roles import Role, model_permissions

# Staff take and follow repair orders, keep households and their plans and the
# room bookings; directors also set up the repair service and may delete records
# (e.g. a resident's data on request); leaders read.
_KEPT_BY_STAFF = ("repairorder", "household", "venuebooking", "technician")
_ROWS_OF_STAFF_RECORDS = ("repairpart", "householdplan")
_REFERENCE = ("repairservice", "repairevent")

PERMISSIONS = {
    Role.STAFF: model_permissions("services", "view", *_REFERENCE)
    + model_permissions("services", "view add change", *_KEPT_BY_STAFF)
    + model_permissions("services", "view add change delete", *_ROWS_OF_STAFF_RECORDS),
    Role.DIRECTOR: model_permissions("services", "view", "repairevent")
    + model_permissions("services", "view add change", "repairservice")
    + model_permissions(
        "services", "view add change delete", *_KEPT_BY_STAFF, *_ROWS_OF_STAFF_RECORDS
    ),
    Role.LEADER: model_permissions(
        "services", "view", *_REFERENCE, *_KEPT_BY_STAFF, *_ROWS_OF_STAFF_RECORDS
    ),
}
