"""bench/deps.py: what a benchmark needs on a fresh machine.

install() runs scripts/deps with the benchmark's own extra Debian packages
(the peers it compares hpsd with, the tools it measures with), so a
benchmark runs as its README states on a machine with nothing installed
by hand. build() builds hpsd's targets into build/ (configured as
scripts/demo does when it is not there yet) and returns that directory.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def install(*packages):
    if subprocess.run([os.path.join(ROOT, "scripts", "deps")]
                      + list(packages)).returncode != 0:
        sys.exit("bench: scripts/deps %s failed: the packages above are"
                 " needed (root or sudo, apt reachable)" % " ".join(packages))


def build(*targets):
    d = os.path.join(ROOT, "build")
    if not os.path.exists(os.path.join(d, "CMakeCache.txt")):
        subprocess.run(["cmake", "-S", ROOT, "-B", d,
                        "-DCMAKE_BUILD_TYPE=Release"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", d, "-j%d" % (os.cpu_count() or 1),
                    "--target"] + list(targets), check=True,
                   stdout=subprocess.DEVNULL)
    return d
