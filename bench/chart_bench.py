"""What does the MAU chart cost, and what does it add to a web worker?

    .venv/bin/python bench/chart_bench.py [--renders 10] [--services 50] [--months 24]

Each figure is measured in a fresh interpreter that first loads what a web worker loads (the Bolt
app from create_app, on a migrated SQLite file), so "before" is a worker's memory and "after" is the
same worker once matplotlib is loaded and one chart has been drawn:

- cold render: the first chart in the process, matplotlib's import included;
- warm render: the mean of the following renders (the data changes each time, as on a new report);
- RSS before / after matplotlib loads (VmRSS from /proc, MB), and whether the app alone imported it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, sys, tempfile, time
    sys.path.insert(0, sys.argv[1])
    renders, services, months_n = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

    def rss_mb():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    from bot.app import create_app
    from bot.settings import Settings
    from bot.storage.db import upgrade_to_head
    url = "sqlite:///" + tempfile.mkdtemp() + "/bench.db"
    upgrade_to_head(url)
    create_app(Settings(_env_file=None, slack_bot_token="xoxb-b", slack_signing_secret="s" * 32,
                        slack_api_url="http://127.0.0.1:9/api/", database_url=url))
    from bot.charts import ChartData, render_png, stacked
    from bot.storage.months import add_months
    before = rss_mb()
    app_imported_mpl = "matplotlib" in sys.modules

    def data(bump):
        months = [add_months("2025-01", i) for i in range(months_n)]
        per = {f"Service {s}": {m: (s + 1) * 1_000_000 + i * 150_000 + bump for i, m in enumerate(months)}
               for s in range(services)}
        return ChartData(months=tuple(months), stacks=stacked(months=months, per_service=per), limit=700_000_000,
                         levels=((50, 350_000_000), (75, 525_000_000), (90, 630_000_000)),
                         forecast_status="crossing", forecast_month=add_months(months[-1], 9), forecast_model="compound")

    t = time.perf_counter(); png = render_png(data(0)); cold = time.perf_counter() - t
    after = rss_mb()
    warm = []
    for k in range(renders):
        t = time.perf_counter(); render_png(data(k + 1)); warm.append(time.perf_counter() - t)
    print(json.dumps({"cold_s": cold, "warm_mean_s": sum(warm) / len(warm), "warm_max_s": max(warm),
                      "rss_before_mb": before, "rss_after_mb": after, "rss_after_warm_mb": rss_mb(),
                      "png_bytes": len(png), "app_imported_matplotlib": app_imported_mpl}))
""")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(args.renders), str(args.services),
                           str(args.months)], check=False, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"chart: {args.services} services x {args.months} months, PNG {r['png_bytes'] / 1024:.0f} kB")
    print(f"  cold render (matplotlib import included): {r['cold_s'] * 1000:.0f} ms")
    print(f"  warm render: mean {r['warm_mean_s'] * 1000:.0f} ms, max {r['warm_max_s'] * 1000:.0f} ms "
          f"over {args.renders}")
    print(f"  web worker RSS: {r['rss_before_mb']:.0f} MB before matplotlib, {r['rss_after_mb']:.0f} MB after the "
          f"first chart (+{r['rss_after_mb'] - r['rss_before_mb']:.0f} MB), {r['rss_after_warm_mb']:.0f} MB after "
          f"{args.renders} more")
    print(f"  the app alone imported matplotlib: {'YES (bad)' if r['app_imported_matplotlib'] else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
