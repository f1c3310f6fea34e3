from centers.roles import Role, model_permissions

# Directors keep their centers' staff records, certificates and honors; staff
# keep the training and education records; leaders read.
_STAFF_RECORDS = ("member", "certificate", "honor")
_LEARNING = ("trainingsession", "trainingattendance", "educationenrollment")

PERMISSIONS = {
    Role.STAFF: model_permissions("members", "view", *_STAFF_RECORDS)
    + model_permissions("members", "view add change delete", *_LEARNING),
    Role.DIRECTOR: model_permissions(
        "members", "view add change delete", *_STAFF_RECORDS, *_LEARNING
    ),
    Role.LEADER: model_permissions("members", "view", *_STAFF_RECORDS, *_LEARNING),
}
