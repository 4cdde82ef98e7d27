"""The preview's 复制到公众号 button: added to each article page by ``mkdocs serve`` only,
never to a built site.  One click puts the export on the clipboard as rich HTML (and
plain text); the photos to upload are listed beside it with the checks' warnings."""

from __future__ import annotations

import html

from ..core.messages import render
from .wechat import Export

SCRIPT = """
(function () {
  var box = document.getElementById("kx-wechat");
  var button = box.querySelector("button"), status = box.querySelector("[role=status]");
  function payload() {
    var holder = document.createElement("div");
    holder.appendChild(document.getElementById("kx-wechat-html").content.cloneNode(true));
    holder.querySelectorAll("img").forEach(function (img) { img.setAttribute("src", img.src); });  // absolute
    return holder;
  }
  function done(ok) { status.textContent = ok ? "已复制，可粘贴到公众号编辑器" : "复制失败：请用导出命令（README：公众号）"; }
  button.addEventListener("click", function () {
    var holder = payload(), rich = holder.innerHTML, text = holder.textContent;
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
      navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([rich], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      })]).then(function () { done(true); }, function () { done(fallback(holder)); });
    } else {
      done(fallback(holder));
    }
  });
  function fallback(holder) {  // older browsers: copy a selection of the rendered export
    holder.setAttribute("contenteditable", "true");
    holder.style.cssText = "position:fixed;left:-10000px;top:0;";
    document.body.appendChild(holder);
    var range = document.createRange(), sel = window.getSelection();
    range.selectNodeContents(holder);
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = document.execCommand("copy");
    sel.removeAllRanges();
    holder.remove();
    return ok;
  }
})();
"""

PANEL = ("position:fixed;right:16px;bottom:16px;z-index:5;max-width:22rem;background:#fff;color:#222;"
         "border:2px solid #b71c1c;border-radius:4px;padding:.5rem .75rem;font-size:.75rem;box-shadow:0 2px 8px rgba(0,0,0,.2)")


def panel(ex: Export, images: list[tuple[str, str]]) -> str:
    """The button, the photos to upload ((href, name)), the warnings and the export itself in a <template>."""
    links = "".join(f'<li><a href="{html.escape(href)}" download>{html.escape(name)}</a></li>' for href, name in images)
    warnings = "".join(f"<li>{html.escape(str(w))}</li>" for w in ex.warnings)
    details = ""
    if links or warnings:
        details = (f"<details><summary>要上传的图片 {len(images)} 张" + (f"，提醒 {len(ex.warnings)} 条" if warnings else "")
                   + f"</summary><ul>{links}</ul><ul>{warnings}</ul></details>")
    return (f'<aside id="kx-wechat" aria-label="公众号" style="{PANEL}">'
            f'<button type="button" class="md-button md-button--primary">{html.escape(render("wechat.button"))}</button> '
            f'<span role="status"></span>{details}'
            f'<template id="kx-wechat-html">{ex.html}</template></aside>\n<script>{SCRIPT}</script>\n')
