"""One place for each rule: no code outside portal/events/services.py (and the migrations) changes a
sign-up's status, its seat or its check-in, an event's seats, or cancels an event. This reads the
product's code (portal/, cms/, config/, scripts/) for such writes. The benchmarks and the tests
build their own fixtures and are not read."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
READ = ("portal", "cms", "config", "scripts")
ALLOWED = {Path("portal/events/services.py")}

# Fields only a sign-up has: writing them is changing a seat or an attendance.
SIGNUP_ONLY = {
    "waitlisted_at",
    "status_changed_at",
    "status_changed_by",
    "checked_in_at",
    "checked_in_by",
    "hours_credited",
    "certificate_code",
}
SEAT_FIELDS = SIGNUP_ONLY | {"capacity"}
SIGNUP_STATUS_WORDS = {"confirmed", "waitlisted", "pending", "rejected", "cancelled"}
WRITING_METHODS = {"create", "bulk_create", "update", "bulk_update", "get_or_create", "update_or_create"}
RAW_SQL = re.compile(r"\b(update|insert\s+into|delete\s+from)\s+\"?portal_events_(signup|event)\b", re.IGNORECASE)


def _is_signup_status(node, source):
    """A status value of a sign-up (or the event's "cancelled"): SignupStatus.X, EventStatus.CANCELLED, "confirmed"…"""
    text = ast.get_source_segment(source, node) or ""
    if "SignupStatus" in text or "EventStatus.CANCELLED" in text:
        return True
    return isinstance(node, ast.Constant) and node.value in SIGNUP_STATUS_WORDS


def _mentions_signups(node, source):
    return "signup" in (ast.get_source_segment(source, node) or "").lower()


def writes(source, filename="<code>"):
    """[(line, what)] of the writes to sign-ups' or events' seats in `source`."""
    found = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if not isinstance(target, ast.Attribute):
                    continue
                if target.attr in SEAT_FIELDS:
                    found.append((node.lineno, f".{target.attr} ="))
                elif (
                    target.attr == "status"
                    and node.value is not None
                    and (_is_signup_status(node.value, source) or _mentions_signups(target.value, source))
                ):
                    found.append((node.lineno, ".status ="))
        elif isinstance(node, ast.Call):
            function = node.func
            text = ast.get_source_segment(source, function) or ""
            if isinstance(function, ast.Name) and function.id == "Signup":
                found.append((node.lineno, "Signup(...)"))
            if not isinstance(function, ast.Attribute):
                continue
            receiver = ast.get_source_segment(source, function.value) or ""
            if function.attr in WRITING_METHODS:
                if "Signup.objects" in receiver or re.search(r"\bsignups\b", receiver):
                    found.append((node.lineno, f"{text}(...)"))
                # A new event comes with its seats and status; changing an existing one's is the services' job.
                changing = function.attr in {"update", "bulk_update", "update_or_create"}
                for keyword in node.keywords:
                    if (
                        keyword.arg in SIGNUP_ONLY
                        or changing
                        and (
                            keyword.arg == "capacity"
                            or (keyword.arg == "status" and _is_signup_status(keyword.value, source))
                        )
                    ):
                        found.append((node.lineno, f"{function.attr}({keyword.arg}=...)"))
                if function.attr == "bulk_update" and any(
                    isinstance(arg, (ast.List, ast.Tuple))
                    and {getattr(e, "value", None) for e in arg.elts} & (SEAT_FIELDS | {"status"})
                    for arg in node.args
                ):
                    found.append((node.lineno, "bulk_update([... seat fields ...])"))
            elif function.attr == "delete" and ("Signup.objects" in receiver or re.search(r"\bsignups\b", receiver)):
                found.append((node.lineno, f"{text}()"))
            elif (
                function.attr in {"set", "add", "remove", "clear"}
                and receiver.endswith(".activities")
                and ("signup" in receiver.lower())
            ):
                found.append((node.lineno, f"{text}(...)"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and RAW_SQL.search(node.value):
            found.append((node.lineno, "raw SQL"))
    return sorted(set(found))


WRITES = [
    "signup.status = SignupStatus.CONFIRMED",
    "s.status = 'cancelled'",
    "signup.status = new_status",
    "event.status = EventStatus.CANCELLED",
    "signup.checked_in_at = timezone.now()",
    "signup.certificate_code = None",
    "signup.hours_credited = 7",
    "signup.waitlisted_at = now",
    "event.capacity = 80",
    "Signup.objects.create(event=event, user=user, status='confirmed')",
    "Signup.objects.bulk_create([Signup(event=e, user=u)])",
    "Signup.objects.filter(event=event).update(status=SignupStatus.CANCELLED)",
    "event.signups.update(status='cancelled')",
    "event.signups.filter(status='pending').delete()",
    "Signup.objects.filter(user=user).delete()",
    "Signup(event=event, user=user)",
    "queryset.update(checked_in_at=None)",
    "Event.objects.filter(pk=1).update(capacity=0)",
    "Event.objects.update_or_create(pk=1, defaults={}, capacity=0)",
    "Event.objects.filter(pk=1).update(status=EventStatus.CANCELLED)",
    "Signup.objects.bulk_update(signups, ['status'])",
    "signup.activities.set([lecture])",
    "cursor.execute('UPDATE portal_events_signup SET status = %s', ['cancelled'])",
]
READS = [
    "job.status = ExportStatus.EXPIRED",
    "ExportJob.objects.filter(pk=1).update(status=ExportStatus.RUNNING)",
    "Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING)",
    "confirmed = event.signups.filter(status=SignupStatus.CONFIRMED).count()",
    "if signup.status == SignupStatus.CONFIRMED: pass",
    "Signup.objects.filter(checked_in_at__isnull=False)",
    "event.activities.filter(pk__in=chosen)",
    "profile.notify_by_email = False",
    "Event.objects.create(programme=programme, capacity=70, status=EventStatus.PUBLISHED)",
]


@pytest.mark.parametrize("code", WRITES)
def test_the_reader_finds_each_kind_of_write(code):
    assert writes(code), code


@pytest.mark.parametrize("code", READS)
def test_the_reader_leaves_reads_and_other_models_alone(code):
    assert writes(code) == []


def _product_files():
    for folder in READ:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and relative not in ALLOWED:
                yield relative


def test_no_code_outside_the_services_changes_a_sign_ups_seat_or_check_in():
    files = list(_product_files())
    assert Path("portal/events/views.py") in files and Path("portal/events/admin_bulk_actions.py") in files
    found = [f"{path}:{line}: {what}" for path in files for line, what in writes((ROOT / path).read_text(), str(path))]
    assert found == [], "change these through portal/events/services.py:\n" + "\n".join(found)


def test_the_services_themselves_are_found_writing():
    """The reader is pointed at the one file that may write: it does find the writes there."""
    found = writes((ROOT / "portal/events/services.py").read_text())
    assert {what for _line, what in found} >= {".status =", ".checked_in_at =", ".capacity =", "Signup(...)"}
