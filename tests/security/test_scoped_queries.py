"""Every repository query is scoped (spec/clinic-security.md, promise 1): a function that reads or changes
stored rows takes the client, clinic or account it is confined to, or is listed here with the reason it
may not. A new unscoped query fails this test until someone adds it, with a reason, on purpose."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import triggerpoint

SCOPES = {"client_id", "clinic_id", "account_id", "clinic"}
UNSCOPED = {
    # Adds a row the caller built (the row carries its own owner).
    "accounts.add": "stores a row built by the service with its clinic",
    "accounts.add_share": "stores a share built by the service with its clinic",
    "clients.add_client": "stores a row built by the service with its clinic",
    "diary.add": "stores a row built with its client",
    "drawings.add": "stores a row built with its client",
    "questionnaires.add": "stores a row built with its client",
    "programs.add_program": "stores a row built with its client",
    "audit.append": "appends one event, which names its clinic",
    "diary.save_if_version": "updates an entry loaded through a scoped query, matching its id and client_id",
    # Looked up before anyone is known: sign-in, a session cookie, a one-time link, a new clinic's name.
    "accounts.account_by_email": "sign-in: the e-mail is unique across clinics; the answer is never shown",
    "accounts.session_by_digest": "a session cookie's digest: unguessable, finds the clinic",
    "accounts.link_by_digest": "a one-time link's digest: unguessable, finds the clinic",
    "accounts.clinic_by_name": "`clinic create` refuses a second clinic of the same name",
    "accounts.failures_since": "throttling, keyed by e-mail and address (no clinic data)",
    "accounts.forget_failures": "throttling, keyed by e-mail and address (no clinic data)",
    # Personal mode: one person, one machine.
    "clients.first_client": "personal mode only: the one local person",
    "clients.client_by_uuid": "personal mode import and tests: the local person",
    # The audit chain is verified whole (hashes and links only, never another clinic's content).
    "audit.head": "the last link's hash, to chain the next event",
    "audit.every_link": "ids and hashes only, to verify the chain",
    "audit.reads_every_event": "whether this connection sees every clinic (the owner), for verification",
    "audit.all_in_order": "verification of the whole chain",
    # Import refuses a record ID that belongs to another person; it reveals only that it is taken.
    "exchange.owned_by": "an imported record's ID must not belong to someone else",
    # The command line's learning export reads across clients (PostgreSQL's row-level security still holds it
    # to the clinic the command entered) and writes no name, account, date or record ID.
    "visits.examined_visits": "`clinic examinations`: de-identified findings for the finder to learn from",
    # Per-point sums pooled on purpose by the clinics that chose to: no client, account, clinic or date in them.
    "learning.pooled_counts": "the pooled counts every pooling clinic's finder learns from",
    "learning.replace_pool": "the operator's refresh of the pooled counts (`clinic pool-findings`)",
}


def repository_modules() -> list[str]:
    """Every module of the app whose name ends in `repository` (a domain may have several)."""
    found = []
    for package in pkgutil.iter_modules(triggerpoint.__path__):
        if not package.ispkg:
            continue
        inner = importlib.import_module(f"triggerpoint.{package.name}")
        found += [
            f"triggerpoint.{package.name}.{m.name}"
            for m in pkgutil.iter_modules(inner.__path__)
            if m.name.endswith("repository")
        ]
    return found


def repository_functions() -> dict[str, inspect.Signature]:
    found = {}
    for name in repository_modules():
        repository = importlib.import_module(name)
        short = name.removeprefix("triggerpoint.").replace(".repository", "").replace(".", ".")
        for function_name, function in inspect.getmembers(repository, inspect.isfunction):
            if function.__module__ == repository.__name__ and not function_name.startswith("_"):
                found[f"{short}.{function_name}"] = inspect.signature(function)
    return found


def test_every_repository_query_names_its_scope() -> None:
    functions = repository_functions()
    assert len(functions) > 50  # the record domains, accounts and audit were all found
    unscoped = [name for name, signature in functions.items() if not SCOPES & set(signature.parameters)]
    assert sorted(set(unscoped) - set(UNSCOPED)) == []


def test_the_exceptions_are_still_there() -> None:
    assert sorted(set(UNSCOPED) - set(repository_functions())) == []
