"""What the admin lets the security administrator do (三员分立, see separation.py): look up
accounts and change their roles and permissions (the user admin leaves every other field
read-only to them), see the roles, and see and clear login lockouts. The audit administrator
needs no admin permission: the audit log is read in the portal (cppcc_portal/audit)."""

from members.roles import Role

ROLE_PERMISSIONS = {
    Role.SECURITY_ADMIN: [
        "members.view_user",
        "members.change_user",
        "auth.view_group",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
    ],
}
