#!/usr/bin/env bash
# Publish the built site/ to the static host named by PUBLISH_TARGET (README: 发布).
#   PUBLISH_TARGET=deploy@web.example.cn:/srv/www/qyqx/   rsync over ssh; key in PUBLISH_SSH_KEY,
#                                                           host key line(s) in PUBLISH_KNOWN_HOSTS
#   PUBLISH_TARGET=/srv/www/qyqx/                           rsync to a folder on the runner itself
#   PUBLISH_TARGET=s3://bucket/prefix/                      an S3-compatible object store inside China
#                                                           (Aliyun OSS, Tencent COS, Huawei OBS …):
#                                                           PUBLISH_S3_ENDPOINT, AWS_ACCESS_KEY_ID,
#                                                           AWS_SECRET_ACCESS_KEY (aws cli)
# Files no longer in site/ are removed from the host, so a deleted article disappears too.
# For a web server (ssh or folder targets) every text file gets .gz and .br copies first, which
# deploy/nginx/ serves as they are (README: 服务器配置); PUBLISH_PRECOMPRESS=0 leaves them out.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${PUBLISH_TARGET:-}"
if [ -z "$target" ]; then
  echo "未发布：没有设置 PUBLISH_TARGET（发布目标，见 README“发布”）" >&2
  exit 1
fi
if [ ! -f site/index.html ]; then
  echo "未发布：site/ 里没有构建好的网站；先运行 bash scripts/build.sh" >&2
  exit 1
fi
if [[ "$target" == s3://* && -z "${PUBLISH_S3_ENDPOINT:-}" ]]; then
  echo "未发布：对象存储目标需要 PUBLISH_S3_ENDPOINT，例如 https://oss-cn-beijing.aliyuncs.com" >&2
  exit 1
fi
# a site some engine built without our plugins (no CONTENTS, feeds, search) is never published;
# the standard library only: the publishing job has the runner's python3, no venv
PYTHONPATH=plugins python3 -m kexie.engines verify site
case "$target" in
  s3://*) ;;   # an object store sends files as stored: no content negotiation, the copies would be dead weight
  *) if [ "${PUBLISH_PRECOMPRESS:-1}" != 0 ]; then
       VENV="${KEXIE_VENV:-.venv}"
       "$VENV/bin/python" -m kexie.serving.precompress site
     fi ;;
esac
case "$target" in
  s3://*)
    aws s3 sync site/ "$target" --delete --only-show-errors --endpoint-url "$PUBLISH_S3_ENDPOINT"
    ;;
  *:*)
    ssh_dir="$(mktemp -d)"
    trap 'rm -rf "$ssh_dir"' EXIT
    ssh_cmd="ssh -o BatchMode=yes"
    if [ -n "${PUBLISH_SSH_KEY:-}" ]; then
      printf '%s\n' "$PUBLISH_SSH_KEY" > "$ssh_dir/key" && chmod 600 "$ssh_dir/key"
      ssh_cmd="$ssh_cmd -i $ssh_dir/key"
    fi
    if [ -n "${PUBLISH_KNOWN_HOSTS:-}" ]; then
      printf '%s\n' "$PUBLISH_KNOWN_HOSTS" > "$ssh_dir/known_hosts"
      ssh_cmd="$ssh_cmd -o UserKnownHostsFile=$ssh_dir/known_hosts -o StrictHostKeyChecking=yes"
    fi
    rsync -rlt --delete --checksum -e "$ssh_cmd" site/ "$target"
    ;;
  *)
    mkdir -p "$target"
    rsync -rlt --delete --checksum site/ "$target"
    ;;
esac
echo "已发布：site/ → $target"
