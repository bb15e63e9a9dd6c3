"""row-level security on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 09:00:00.000000

The second wall (docs/clinic.md, "PostgreSQL"): every table of clinic data gets ENABLE and
FORCE ROW LEVEL SECURITY and a policy keyed by the transaction's `app.clinic_id` setting,
which the app sets per transaction (storage.tenancy). Unset or empty: no row is seen and no
row can be written. 'personal': the rows of no clinic (personal mode on PostgreSQL).

Before a request's clinic is known, SECURITY DEFINER functions answer exactly the questions
sign-in needs (the clinic of an e-mail, of a session token, of a one-time link, of a name) and
the audit chain needs (its head, and the hashes that link it). They run as the owner with
`triggerpoint.lookup` on, which a SELECT-only policy for the owner admits; the app role has
no such policy, so it needs no bypass. `sign_in_failures` (keyed by e-mail and address, for
throttling before anyone is known) and `alembic_version` hold no clinic data and stay open.
SQLite has no row-level security: this revision does nothing there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLINIC = "triggerpoint_clinic()"
PERSONAL = "triggerpoint_personal()"
CLIENT_TABLES = (
    "client_shares",
    "programs",
    "selfcare_sessions",
    "session_items",
    "checkins",
    "diary_entries",
    "pain_drawings",
    "questionnaire_responses",
)
LOOKUP_TABLES = ("clinics", "accounts", "auth_sessions", "one_time_links", "audit_events")
POLICIES = {
    "clinics": f"id = {CLINIC}",
    "accounts": f"clinic_id = {CLINIC}",
    "one_time_links": f"clinic_id = {CLINIC}",
    "auth_sessions": f"EXISTS (SELECT 1 FROM accounts a WHERE a.id = account_id AND a.clinic_id = {CLINIC})",
    "clients": f"clinic_id = {CLINIC} OR (clinic_id IS NULL AND {PERSONAL})",
} | dict.fromkeys(CLIENT_TABLES, "triggerpoint_client_visible(client_id)")
AUDIT_READ = f"clinic = triggerpoint_clinic_uuid() OR (clinic = '' AND {PERSONAL})"
AUDIT_WRITE = "clinic = triggerpoint_clinic_uuid() OR clinic = ''"  # '': a failed sign-in of an unknown e-mail
RLS_TABLES = (*POLICIES, "audit_events")

HELPERS = [
    # The clinic this transaction is scoped to: app.clinic_id when it is a clinic's row ID, else NULL.
    r"""
    CREATE FUNCTION triggerpoint_clinic() RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN current_setting('app.clinic_id', true) ~ '^[0-9]{1,9}$'
                    THEN current_setting('app.clinic_id', true)::integer END
    $$
    """,
    """
    CREATE FUNCTION triggerpoint_personal() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.clinic_id', true) = 'personal', false)
    $$
    """,
    """
    CREATE FUNCTION triggerpoint_lookup() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('triggerpoint.lookup', true) = 'on', false)
    $$
    """,
    f"""
    CREATE FUNCTION triggerpoint_clinic_uuid() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT uuid FROM clinics WHERE id = {CLINIC}
    $$
    """,
    f"""
    CREATE FUNCTION triggerpoint_client_visible(client integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (
            SELECT 1 FROM clients c
            WHERE c.id = client AND (c.clinic_id = {CLINIC} OR (c.clinic_id IS NULL AND {PERSONAL}))
        )
    $$
    """,
]
LOOKUPS = {
    "triggerpoint_account_clinic(address text) RETURNS integer": "SELECT clinic_id FROM accounts WHERE email = address",
    "triggerpoint_session_clinic(digest text) RETURNS integer": (
        "SELECT a.clinic_id FROM auth_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_digest = digest"
    ),
    "triggerpoint_link_clinic(digest text) RETURNS integer": (
        "SELECT clinic_id FROM one_time_links WHERE token_digest = digest"
    ),
    "triggerpoint_clinic_named(clinic_name text) RETURNS integer": (
        "SELECT id FROM clinics WHERE name = clinic_name ORDER BY id LIMIT 1"
    ),
    "triggerpoint_audit_head() RETURNS text": "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1",
    "triggerpoint_audit_links() RETURNS TABLE (link_id integer, link_prev text, link_hash text)": (
        "SELECT e.id, e.prev_hash::text, e.hash::text FROM audit_events e ORDER BY e.id"
    ),
}
FUNCTIONS = [
    "triggerpoint_client_visible(integer)",
    "triggerpoint_clinic_uuid()",
    "triggerpoint_lookup()",
    "triggerpoint_personal()",
    "triggerpoint_clinic()",
]


def _lookup(signature: str, body: str, schema: str) -> str:
    # The flag is on only while the function's own query runs (a SET clause of a custom setting needs a superuser).
    returns = "RETURN QUERY" if "TABLE" in signature else "answer :="
    declare = "" if "TABLE" in signature else f"DECLARE answer {signature.split()[-1]};"
    result = "RETURN;" if "TABLE" in signature else "RETURN answer;"
    return f"""
    CREATE FUNCTION {signature} LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = "{schema}", pg_temp AS $$
    {declare}
    BEGIN
        PERFORM set_config('triggerpoint.lookup', 'on', true);
        {returns} ({body});
        PERFORM set_config('triggerpoint.lookup', '', true);
        {result}
    END
    $$
    """


def _policies(table: str) -> list[str]:
    if table == "audit_events":
        rules = [
            f"CREATE POLICY audit_events_read ON audit_events FOR SELECT USING ({AUDIT_READ})",
            f"CREATE POLICY audit_events_append ON audit_events FOR INSERT WITH CHECK ({AUDIT_WRITE})",
        ]
    else:
        rule = POLICIES[table]
        rules = [f"CREATE POLICY {table}_clinic ON {table} USING ({rule}) WITH CHECK ({rule})"]
    if table in LOOKUP_TABLES:
        rules.append(
            f"CREATE POLICY {table}_lookup ON {table} FOR SELECT TO CURRENT_USER USING (triggerpoint_lookup())"
        )
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        *rules,
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = str(bind.scalar(text("SELECT current_schema()")))
    for statement in HELPERS:
        op.execute(statement)
    for signature, body in LOOKUPS.items():
        op.execute(_lookup(signature, body, schema))
    for table in RLS_TABLES:
        for statement in _policies(table):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in RLS_TABLES:
        for name in ("clinic", "read", "append", "lookup"):
            op.execute(f"DROP POLICY IF EXISTS {table}_{name} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for signature in LOOKUPS:
        name, _, rest = signature.partition("(")
        arguments = rest.partition(")")[0]
        types = ", ".join(part.split()[-1] for part in arguments.split(",") if part.strip())
        op.execute(f"DROP FUNCTION {name}({types})")
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature}")
