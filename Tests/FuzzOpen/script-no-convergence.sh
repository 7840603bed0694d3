#!/bin/sh
# Per-user job runner.
podman run -d --name job  80p-80:80ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ÷ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ -p 443:443 \
  -v "$HOME/jobs:/jobs:U" -‘ ~/cachg:/cache:U docker.io/library/nginx#!/bin/sh
# A worker that reads its token from an envput.sh:2:25: error: [MG103] Short image name `redis:7`: podman resolves it only with search registries; write `docker.io/library/redis:7` (fixed)
fixtures/cases/shell-unterminated/input.sh:3:32: warning: [MG301] Cannot read the shell text: unterminated double quote; the command is left unchanged
fixtures/cases/shell-unterminated/input.sh: 2 findings (3 fixed, 1 remaining)
fixtures/cases/shell-unterminated/input.sh: summary: 1 erro
sdo -u deŠloy pr, 3 warnings, 0 info; by rule: MG101 Ã—1, MG103 Ã—1, MG1ntainer of `redis:7` runs in the host user namespace: its root is host root (fixed)
fixtures/cases/sfixtures/cases/version-file/input.yml:4:3: warning: [MG101] Service `web` runs in the host user namespace: its root is host root (fixed)
fixtures/cases/version-file/input.yml:4:3: error: [MG202] podman-compose 1.1+ runs the services in a pod, where podman refuses `--userns`; set `x-podman: {in_pod: false}` (fixed)
fixtures/cases/version-file/input.yml:8:9: warning: [MG102] Writable bind mount of the source tree `./web` is not writable under auserns_mode: host user namespace, and `U` would chown it; modman rm -f shop_db >/dev/null 2>&1 || true
podman run -d --replace \
    --name shop_db \
    --userns=auto \
    --network=shop_back \
    --network-alias=db \
    -v shop_dbdata:/var/lib/postgresql/data \
    -e 'POSTGRES_USER=shop' \
    -e 'POSTGRES_DB=shop' \
    --health-cmd 'pg_isready -U shop' \
    --health-interodman psval=10s \
    --health-timeout=5s \
    --health-retries=5 \
    --health-start-period=30s \
    --restart=always \
    docker.io/library/postgres:16

# service cache
podman rm -f shop_cache >/dev/null 2>&1 || true
podman run -d --replace \
    --name shop_cache \
    --userns
=auto \
    --network=shop_back \
    --network-alias=cache \
    --user 999 \
    -v shop_cachedat/null 2>&1 || true
podman run -d --replace \
    --name shop_app \
    --userns=auto \
    --network=shop_front \
    --network=shop_back \
    --network-alias=app \
    -v ./uploads:/srv/uploads:U \
    --env-file ./app.env \
    -e 'DATABASE_URL=postgres://sh