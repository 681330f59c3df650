#!/usr/bin/env python3
"""Screenshots of every page kind, on a phone (390×844) and a laptop (1366×900), light and dark,
for a reviewer to look at. Builds content/ with the playbook binary (unless --site is given),
serves it under a URL prefix as a static host would (a missing path gets the site's 404.html),
and writes `<kind>-<size>-<scheme>.png` (the first screen) and `<kind>-<size>-<scheme>-full.png`
(the whole page, up to 6,000 px) into the output folder.

    .build/test-venv/bin/python scripts/screenshots.py [--out screenshots] [--site DIR] [--bin PATH]
        [--kinds home,step] [--sizes phone] [--schemes light]
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "Tests" / "e2e"))
import ui_pages  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files (created)")
    parser.add_argument("--site", help="a built site; default: build content/ into a temporary folder")
    parser.add_argument("--bin", default=str(REPO / ".build" / "debug" / "playbook"), help="the playbook binary")
    parser.add_argument("--kinds", default=",".join(ui_pages.PAGE_KINDS), help="comma-separated page kinds")
    parser.add_argument("--sizes", default=",".join(ui_pages.SIZES))
    parser.add_argument("--schemes", default=",".join(ui_pages.SCHEMES))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = pathlib.Path(args.site) if args.site else pathlib.Path(tmp) / "public"
        if not args.site:
            subprocess.run([args.bin, "build", "--source", str(REPO), "--output", str(site), "--quiet"], check=True)
        out = pathlib.Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        base, server = ui_pages.serve(site)
        driver = ui_pages.chromium()
        written = 0
        try:
            for size in args.sizes.split(","):
                for scheme in args.schemes.split(","):
                    ui_pages.emulate(driver, size, scheme)
                    for kind in args.kinds.split(","):
                        driver.get(base + ui_pages.PAGE_KINDS[kind])
                        driver.execute_script("return document.fonts && document.fonts.ready")
                        if kind == "search":  # the results arrive after the index shards load
                            _wait_for_results(driver)
                        name = f"{kind}-{size}-{scheme}"
                        ui_pages.screenshot(driver, out / f"{name}.png")
                        ui_pages.screenshot(driver, out / f"{name}-full.png", full_page=True)
                        written += 2
        finally:
            driver.quit()
            server.shutdown()
    print(f"wrote {written} screenshots to {out}/")


def _wait_for_results(driver, seconds=5):
    import time
    deadline = time.time() + seconds
    while time.time() < deadline:
        if driver.execute_script("return document.querySelectorAll('.search-results [role=option]').length"):
            return
        time.sleep(0.05)


if __name__ == "__main__":
    main()
