"""Accounts security (等保2.0 三级, GB/T 22239-2019, application layer): password rules, two-factor
login, session limits and the other login controls. Each control is a setting with a safe default
(see docs/security-accounts.md)."""
