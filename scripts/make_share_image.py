#!/usr/bin/env python3
"""Make the site's share image (theme_overrides/assets/kexie/share.png, 1200×630), shown by
chats and apps for pages without a photo of their own.  Needs a CJK font: Debian's
fonts-wqy-microhei (scripts/test.sh installs it with chromium).  Run again after the site's
name or description change:

    .venv/bin/python scripts/make_share_image.py
"""
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
RED, WHITE = (183, 28, 28), (255, 255, 255)


def main() -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = {k: v for k, v in yaml.safe_load("\n".join(l for l in text.splitlines() if l.startswith(("site_name:", "site_description:")))).items()}
    image = Image.new("RGB", (1200, 630), RED)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 1140, 570), outline=WHITE, width=4)
    draw.text((600, 270), config["site_name"], font=ImageFont.truetype(str(FONT), 96), fill=WHITE, anchor="mm")
    draw.text((600, 400), config["site_description"], font=ImageFont.truetype(str(FONT), 44), fill=WHITE, anchor="mm")
    out = REPO / "theme_overrides/assets/kexie/share.png"
    image.save(out, optimize=True)
    print(out)


if __name__ == "__main__":
    main()
