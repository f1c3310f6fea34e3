from centers.roles import Role

# Every role reads the dashboard, each for the centers it may see.
PERMISSIONS = {
    Role.STAFF: ["reports.view_dashboard"],
    Role.DIRECTOR: ["reports.view_dashboard"],
    Role.LEADER: ["reports.view_dashboard"],
}
