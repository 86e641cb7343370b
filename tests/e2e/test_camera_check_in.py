"""A real camera scan at the check-in page (issue 21): Chromium's fake camera plays a video of a volunteer's
QR code, made here, and the coordinator's page reads it and checks the person in. Once with the
self-hosted decoder (jsQR: the browser's BarcodeDetector removed), and once with BarcodeDetector where
this Chromium reads QR codes with it."""

import io
import time

import pytest
import segno
from PIL import Image

from portal.events import qr
from portal.events.models import Signup
from tests.e2e.conftest import CHROMIUM_ARGS, SCREENS, log_in
from tests.fixtures.volunteers import PASSWORD
from tests.services import CHROMIUM

WIDTH, HEIGHT = 640, 480
NATIVE_READS_QR = """async () => "BarcodeDetector" in window
    && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")"""


def _qr_video(path, text):
    """A few seconds of a QR code held still in front of the camera, as Y4M (4:2:0, grey: Y plane only)."""
    png = io.BytesIO()
    segno.make_qr(text).save(png, kind="png", scale=8, border=4)
    code = Image.open(png).convert("L").resize((HEIGHT - 40, HEIGHT - 40), Image.NEAREST)
    frame = Image.new("L", (WIDTH, HEIGHT), 235)
    frame.paste(code, ((WIDTH - code.width) // 2, 20))
    grey = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        video.writelines(b"FRAME\n" + frame.tobytes() + grey + grey for _frame in range(20))


@pytest.fixture
def camera_on(browser, tmp_path):
    """A Chromium whose camera films the video `point_at(text)` writes."""
    launched = []

    def point_at(text):
        video = tmp_path / "qr.y4m"
        _qr_video(video, text)
        launched.append(
            browser.browser_type.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[
                    *CHROMIUM_ARGS,
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
        )
        return launched[-1]

    yield point_at
    for camera in launched:
        camera.close()


def _checked_in(event):
    return list(
        Signup.objects.filter(event=event, checked_in_at__isnull=False).values_list("user__username", flat=True)
    )


@pytest.mark.parametrize("reader", ["jsQR", "BarcodeDetector"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_camera_reads_a_volunteer_s_qr_code_and_checks_them_in(site, camera_on, training, reader):
    event, signups = training
    camera = camera_on(qr.check_in_token(signups[1]))
    context = camera.new_context(locale="th-TH", permissions=["camera"], **SCREENS["phone"])
    if reader == "jsQR":
        context.add_init_script("delete window.BarcodeDetector;")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, site, "coord@example.org", password=PASSWORD)
    if reader == "BarcodeDetector" and not page.evaluate(NATIVE_READS_QR):
        pytest.skip("this Chromium's BarcodeDetector does not read QR codes")
    page.goto(f"{site}/events/{event.pk}/check-in/")
    page.locator("[data-scanner]").wait_for(state="visible")
    page.locator(".messages", has_text="สมชาย boonmee ลงชื่อเข้าร่วมแล้ว").wait_for()
    assert _checked_in(event) == ["boonmee"]
    assert page.evaluate("typeof window.jsQR") == ("function" if reader == "jsQR" else "undefined")
    time.sleep(6)  # the code still in front of the camera, read again: nothing sent twice
    assert _checked_in(event) == ["boonmee"]
    context.close()
