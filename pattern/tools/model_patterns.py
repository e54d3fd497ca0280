#!/usr/bin/env python3
"""Prints every distinct `pattern` of botocore's service models, for the corpus test.

Usage: python3 pattern/tools/model_patterns.py BOTOCORE_DATA_DIR > pattern/tests/data/botocore-VERSION-patterns.txt

BOTOCORE_DATA_DIR is the `botocore/data` directory of an unpacked botocore wheel (a wheel is a
zip file: `pip download botocore==VERSION --no-deps`, then unzip it). For each service folder
the newest model is read: `<service>/<version>/service-2.json.gz` (or `.json`) with the highest
version name. The output is sorted, one pattern per line as a JSON string (so a newline or any
other character is written unambiguously), after `#` header lines naming the source.
"""

import gzip
import json
import os
import sys


def newest_model(service_dir):
    for version in sorted(os.listdir(service_dir), reverse=True):
        for name in ("service-2.json.gz", "service-2.json"):
            path = os.path.join(service_dir, version, name)
            if os.path.isfile(path):
                return path
    return None


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = sys.argv[1]
    version = "unknown"
    init = os.path.join(data, os.pardir, "__init__.py")
    if os.path.isfile(init):
        with open(init, encoding="utf-8") as f:
            for line in f:
                if line.startswith("__version__"):
                    version = line.split("=")[1].strip().strip("'\"")
    patterns = set()
    services = 0
    for service in sorted(os.listdir(data)):
        path = os.path.join(data, service)
        model = newest_model(path) if os.path.isdir(path) else None
        if model is None:
            continue
        services += 1
        for shape in load(model).get("shapes", {}).values():
            if "pattern" in shape:
                patterns.add(shape["pattern"])
    print(f"# Every distinct `pattern` of the newest service-2.json of the {services} services of")
    print(f"# botocore {version}, one per line as a JSON string ({len(patterns)} patterns).")
    print("# Source: the AWS service models shipped in botocore (https://github.com/boto/botocore),")
    print("# licensed under the Apache License, Version 2.0.")
    print(f"# Regenerate: python3 pattern/tools/model_patterns.py BOTOCORE_DATA_DIR"
          f" > pattern/tests/data/botocore-{version}-patterns.txt")
    for pattern in sorted(patterns):
        print(json.dumps(pattern, ensure_ascii=False))


if __name__ == "__main__":
    main()
