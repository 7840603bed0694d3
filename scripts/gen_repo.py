#!/usr/bin/env python3
"""Generates a synthetic repository for the batch benchmark: N files of mixed kinds (source, docs, config,
scripts, Makefiles, compose files, units, workflows), about 2% of them using docker, plus the real corpus."""
import os
import random
import shutil
import sys

def main():
    root, count = sys.argv[1], int(sys.argv[2])
    corpus = sys.argv[3] if len(sys.argv) > 3 else None
    rng = random.Random(42)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    filler = " ".join(["lorem ipsum dolor sit amet consectetur adipiscing elit"] * 8)
    docker_kinds = [
        ("deploy.sh", "#!/bin/sh\nset -e\ndocker pull nginx:1.25\ndocker run -d --name web-{i} -p 80{j}:80 \\\n  -v ./data{i}:/data --restart unless-stopped nginx:1.25\n"),
        ("Makefile", "DOCKER ?= docker\nrun:\n\t$(DOCKER) run --rm -v $(CURDIR)/out:/out alpine:3.19 echo {i}\n"),
        ("compose.yml", "services:\n  app{i}:\n    image: redis:7\n    volumes:\n      - ./redis{i}:/data\n    restart: unless-stopped\n"),
        ("app.service", "[Unit]\nAfter=docker.service\n[Service]\nExecStart=/usr/bin/docker run --rm --name a{i} busybox sleep 1\n"),
        ("ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: docker build -t app{i} .\n"),
    ]
    plain_kinds = [
        ("main.py", "def f{i}(x):\n    return x * {j}  # {filler}\n" * 20),
        ("README.md", "# Module {i}\n\n{filler}\n" * 10),
        ("config.yaml", "name: mod{i}\nreplicas: {j}\nlabels:\n  team: t{j}\n" * 5),
        ("run.sh", "#!/bin/sh\necho building {i}\nmake -j{j}\n"),
        ("lib.go", "package p{i}\n\nfunc F{i}() int {{ return {j} }} // {filler}\n" * 15),
        ("Makefile", "all:\n\tcc -o m{i} m{i}.c\n"),
    ]
    for i in range(count):
        folder = os.path.join(root, f"pkg{i // 100:04d}", f"m{i % 100:02d}")
        os.makedirs(folder, exist_ok=True)
        if rng.random() < 0.02:
            name, text = rng.choice(docker_kinds)
            if name == "ci.yml":
                folder = os.path.join(folder, ".github", "workflows")
                os.makedirs(folder, exist_ok=True)
        else:
            name, text = rng.choice(plain_kinds)
        with open(os.path.join(folder, name), "w") as f:
            f.write(text.format(i=i, j=i % 10, filler=filler))
    if corpus:
        shutil.copytree(corpus, os.path.join(root, "corpus"))

if __name__ == "__main__":
    main()
