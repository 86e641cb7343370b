"""Issue 17: do cached public pages keep reading while registration opens? Visitors who are not logged
in read the 12-photo announcement (no seats on it) and the home page (it shows the rushed event's
seats) with wrk, first on a quiet site, then while 500 volunteers register at once for 70 seats
(bench/signup_rush.py's burst), through nginx from deploy/nginx.conf in front of the reading pool and the
seats pool, as production runs them (bench/proxy.py). Prints each page's requests/s during the burst
over its quiet rate (target ≥ 0.5 for the announcement), and checks that the home page shows the
event's final seat count afterwards and that the burst seated exactly 70.

    .venv/bin/python -m bench.reads_during_rush [--volunteers 500] [--seats 70] [--workers 2] [--threads 4]
        [--seat-workers 2] [--seat-threads 4]
"""

import argparse
import collections
import re
import threading

from bench import bench_site, get, log, machine
from bench.announcement_page import PAGE_PATH, wrk
from bench.proxy import describe_pools, proxied_pools
from bench.signup_rush import logged_in_cookies, make_event, make_volunteers, rush

HOME = "/"


def reading(port, connections, seconds):
    """Both pages read at once, each by its own wrk: {path: wrk result}."""
    results = {}
    threads = [
        threading.Thread(target=lambda page=page: results.update({page: wrk(port, page, connections, seconds)}))
        for page in (PAGE_PATH, HOME)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--seats", type=int, default=70)
    parser.add_argument("--workers", type=int, default=2, help="the reading pool's gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per reading worker")
    parser.add_argument("--seat-workers", type=int, default=2, help="the seats pool's gunicorn workers")
    parser.add_argument("--seat-threads", type=int, default=4, help="threads per seats worker")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections per page")
    parser.add_argument("--seconds", type=int, default=8, help="seconds of reading, quiet and during the burst")
    args = parser.parse_args()
    log(f"Machine: {machine()}")
    with bench_site("bench_reads_rush") as port:
        from django.urls import reverse
        from django.utils import translation

        from portal.events.models import Signup, SignupStatus

        event = make_event(args.seats)
        with translation.override("th"):
            path = reverse("events:register", kwargs={"pk": event.pk})
        clients = [logged_in_cookies(user) for user in make_volunteers(args.volunteers, event)]
        pools = (args.workers, args.threads), (args.seat_workers, args.seat_threads)
        with proxied_pools(port, *pools):
            for page in (PAGE_PATH, HOME):
                assert get(port, page)[0] == 200
                wrk(port, page, args.connections, 2)  # warm up, not measured
            quiet = reading(port, args.connections, args.seconds)
            burst = {}
            thread = threading.Thread(
                target=lambda: burst.update(zip(("answers", "seconds"), rush(port, path, clients)))
            )
            thread.start()
            during = reading(port, args.connections, args.seconds)
            thread.join()
            status, home = get(port, HOME)
        signups = collections.Counter(Signup.objects.filter(event=event).values_list("status", flat=True))
    codes = collections.Counter(answer[0] for answer in burst["answers"])
    log(
        f"\n{describe_pools(*pools)}; per page wrk -t1 -c{args.connections} "
        f"-d{args.seconds}s, both pages at once, quiet and from the start of a burst of {args.volunteers} "
        f"registrations for {args.seats} seats ({args.volunteers / burst['seconds']:.1f} sign-ups/s)"
    )
    log("| page | quiet req/s | during the burst | ratio | errors |")
    log("| --- | ---: | ---: | ---: | ---: |")
    for page in (PAGE_PATH, HOME):
        log(
            f"| `{page}` | {quiet[page]['rps']:.0f} | {during[page]['rps']:.0f} | "
            f"{during[page]['rps'] / quiet[page]['rps']:.2f} | {quiet[page]['errors'] + during[page]['errors']} |"
        )
    ratio = during[PAGE_PATH]["rps"] / quiet[PAGE_PATH]["rps"]
    log(f"\nAnnouncement during the burst / quiet: {ratio:.2f} (target ≥ 0.5): {'PASS' if ratio >= 0.5 else 'FAIL'}")
    log(f"Burst answers: {dict(codes)}; sign-ups: {dict(signups)}")
    card = re.search(rf'/events/{event.pk}/".*?<p class="seats">(.*?)</p>', home.decode(), re.DOTALL)
    shown = re.sub(r"<[^>]+>", "", card.group(1)) if card else "no card"
    expected = f"สำรอง {args.volunteers - args.seats} คน"
    card_right = status == 200 and expected in shown
    log(f"Home page afterwards, the event's card: {shown} ({'PASS' if card_right else 'FAIL'}: full, {expected})")
    seated = signups[SignupStatus.CONFIRMED] == args.seats
    log(f"Exactly {args.seats} confirmed: {'PASS' if seated else 'FAIL'}")
    raise SystemExit(0 if ratio >= 0.5 and card_right and seated else 1)


if __name__ == "__main__":
    main()
