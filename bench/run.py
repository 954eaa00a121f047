"""``make bench``: runs bench/run.sh (fresh PostgreSQL database, generated data, benchmarks)."""

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.exit(subprocess.call(["bash", str(Path(__file__).with_name("run.sh")), *sys.argv[1:]]))
