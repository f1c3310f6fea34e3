from centers.roles import Role, model_permissions

# Staff register volunteers, keep teams, record hours and units and issue
# certificates. Directors also confirm hours, record past the back-dating
# window, revoke certificates, keep the paid work items, delete records and see
# personal data in full (each view logged). Leaders read, never in full.
_KEPT_BY_STAFF = ("team", "teammembership", "paidworkunits")
_READ = ("skill", "volunteer", "servicehours", "hourscertificate", "paidworkitem")

PERMISSIONS = {
    Role.STAFF: model_permissions("volunteers", "view", *_READ)
    + model_permissions("volunteers", "add change", "volunteer", "servicehours")
    + model_permissions("volunteers", "add", "hourscertificate")
    + model_permissions("volunteers", "view add change delete", *_KEPT_BY_STAFF),
    Role.DIRECTOR: model_permissions("volunteers", "view", *_READ, "personaldataaccesslog")
    + model_permissions("volunteers", "add change delete", "volunteer", "servicehours")
    + model_permissions("volunteers", "add change", "hourscertificate", "paidworkitem")
    + model_permissions("volunteers", "view add change delete", *_KEPT_BY_STAFF)
    + [
        "volunteers.confirm_servicehours",
        "volunteers.backdate_servicehours",
        "volunteers.view_full_personal_data",
    ],
    Role.LEADER: model_permissions(
        "volunteers", "view", *_READ, *_KEPT_BY_STAFF, "personaldataaccesslog"
    ),
}
