"""How long the help center takes to build, and how much of it is the quote plugin.

Measures, each build in a fresh interpreter (so no cache of an earlier build helps):

- the full build of the real site (``mkdocs.yml`` at the repository root, every language
  mkdocs-static-i18n builds), and within the same run the time spent inside the ``quote``
  plugin's hooks (timed from outside by wrapping them, ``_time_hooks``);
- the build of English alone: the same configuration with static-i18n told to build one
  locale, as its ``build_only_locale`` option does (that option's validation marks every other
  language ``build: false`` and English the default; the bench sets the same flags on the
  loaded configuration, so mkdocs.yml needs no variant).

Both wall-clock and CPU time are recorded (CPU: this process plus its child processes, such as
Pagefind). The verdicts use CPU time, the fastest of the runs: on a shared machine wall-clock
time mostly measures the other processes, while CPU time measures the build's own work, which
is what the targets are about. Targets: the plugin takes at most 25% of the full build; the
six-language build takes at most 4 times the one-language build. Prints a Markdown table and
exits 1 if a target is missed.

Usage: ``python bench/build.py [--config mkdocs.yml] [--runs 5]``. Without a root mkdocs.yml
it measures the test fixture site (``tests/site/fixtures/good``).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "site" / "fixtures" / "good" / "mkdocs.yml"
PLUGIN_SHARE_TARGET = 0.25
LANGUAGE_RATIO_TARGET = 4.0


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


HOOK_SECONDS: dict[str, float] = {}
HOOK_CPU_SECONDS: dict[str, float] = {}


def _time_hooks(cls: type) -> None:
    """Wrap every ``on_*`` hook of a plugin class with wall and CPU timers (kept out of the
    plugin: the benchmark measures from the outside). Must run before ``load_config``, which
    registers the hooks; ``functools.wraps`` keeps MkDocs' event priorities."""
    for name in [n for n in vars(cls) if n.startswith("on_")]:
        hook = getattr(cls, name)
        key = f"{cls.__name__}.{name}"

        @functools.wraps(hook)
        def timed(*args: Any, _hook: Any = hook, _key: str = key, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _hook(*args, **kwargs)
            finally:
                HOOK_SECONDS[_key] = HOOK_SECONDS.get(_key, 0.0) + time.perf_counter() - wall
                HOOK_CPU_SECONDS[_key] = HOOK_CPU_SECONDS.get(_key, 0.0) + time.process_time() - cpu

        setattr(cls, name, timed)


def _child(config: Path, only: str | None) -> None:
    """Build once in this process and print the timings as JSON."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mkdocs_quote.plugins.helpcenter.plugin import HelpCenterPlugin
    from mkdocs_quote.plugins.quote.plugin import QuotePlugin

    _time_hooks(QuotePlugin)
    _time_hooks(HelpCenterPlugin)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as site_dir:
        wall, cpu = time.perf_counter(), _cpu()
        cfg = load_config(config_file=str(config), site_dir=site_dir)
        languages = [str(cfg.theme.get("language") or "en")]
        i18n = cfg.plugins.get("i18n")
        if i18n is not None:
            if only is not None:
                for lang in i18n.config.languages:
                    lang.build = lang.default = lang.locale == only
            languages = list(i18n.build_languages)
        build(cfg)
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "plugin_wall": sum(v for k, v in HOOK_SECONDS.items() if k.startswith("Quote")),
                "plugin_cpu": sum(v for k, v in HOOK_CPU_SECONDS.items() if k.startswith("Quote")),
                "hooks": dict(HOOK_CPU_SECONDS),
                "languages": languages,
            }
        )
    )


def _run(config: Path, only: str | None) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", "--config", str(config)]
    if only:
        args += ["--only", only]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(args, cwd=config.parent, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _best(runs: list[dict[str, Any]], key: str) -> float:
    return min(float(r[key]) for r in runs)


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the build's table.

    Long: the measurements run in one sequence, each row beside its reference.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    default = ROOT / "mkdocs.yml" if (ROOT / "mkdocs.yml").exists() else FIXTURE
    config = (args.config or default).resolve()

    if args.child:
        _child(config, args.only)
        return 0

    # One build first, not counted: it fills the runtime's on-disk cache (the trimmed Python
    # standard library under node_modules/.cache), which every later build reuses.
    warm = _run(config, None)
    full: list[dict[str, Any]] = []
    single: list[dict[str, Any]] = []
    for _ in range(args.runs):  # interleaved, so both kinds meet the same machine load
        full.append(_run(config, None))
        single.append(_run(config, "en"))

    fastest = min(full, key=lambda r: float(r["cpu"]))
    share = float(fastest["plugin_cpu"]) / float(fastest["cpu"])
    ratio = _best(full, "cpu") / _best(single, "cpu")
    share_ok = share <= PLUGIN_SHARE_TARGET
    ratio_ok = ratio <= LANGUAGE_RATIO_TARGET
    languages = warm["languages"]

    where = config.relative_to(ROOT) if config.is_relative_to(ROOT) else config
    print(f"Site: {where}; languages: {', '.join(languages)}")
    print(
        f"{args.runs} builds of each kind (interleaved) after one warm-up build; "
        "best (median) of the runs.\n"
    )
    print("| measure | CPU time | wall clock | target | result |")
    print("|---|---|---|---|---|")
    print(
        f"| full build, {len(languages)} languages | {_best(full, 'cpu'):.2f} s "
        f"({_median(full, 'cpu'):.2f} s) | {_best(full, 'wall'):.2f} s "
        f"({_median(full, 'wall'):.2f} s) | | |"
    )
    print(
        f"| quote plugin's hooks, in the fastest full build | {fastest['plugin_cpu']:.2f} s "
        f"| {fastest['plugin_wall']:.2f} s | | |"
    )
    print(
        f"| plugin share of the full build | {share:.1%} "
        f"| {float(fastest['plugin_wall']) / float(fastest['wall']):.1%} "
        f"| <= {PLUGIN_SHARE_TARGET:.0%} | {'PASS' if share_ok else 'FAIL'} |"
    )
    print(
        f"| build of English alone | {_best(single, 'cpu'):.2f} s "
        f"({_median(single, 'cpu'):.2f} s) | {_best(single, 'wall'):.2f} s "
        f"({_median(single, 'wall'):.2f} s) | | |"
    )
    print(
        f"| full build / English alone | {ratio:.2f}x "
        f"| {_best(full, 'wall') / _best(single, 'wall'):.2f}x "
        f"| <= {LANGUAGE_RATIO_TARGET:.0f}x | {'PASS' if ratio_ok else 'FAIL'} |"
    )
    print("\nOur plugins' CPU time by hook (median seconds over the full builds):\n")
    print("| hook | seconds |")
    print("|---|---|")
    hooks: dict[str, list[float]] = {}
    for run in full:
        for name, seconds in run["hooks"].items():
            hooks.setdefault(name, []).append(seconds)
    for name, values in sorted(hooks.items()):
        print(f"| {name} | {statistics.median(values):.3f} |")
    return 0 if share_ok and ratio_ok else 1


if __name__ == "__main__":
    sys.exit(main())
