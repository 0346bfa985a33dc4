"""Run one of this checkout's bench modules with another checkout's `app` (and its queries,
schema, seed and tests), to measure that code by this bench:

    python -m bench.with_checkout CHECKOUT bench.latency --phase

`bench` is already imported from this checkout when this runs; the other checkout goes first on
the path for every other package. bench/latency.py's `baseline_phase` is its one user.
"""

import runpy
import sys

if __name__ == "__main__":
    checkout, module, *arguments = sys.argv[1:]
    assert "app" not in sys.modules, "app was imported before the checkout was put first"
    sys.path.insert(0, checkout)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
