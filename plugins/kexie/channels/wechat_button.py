"""The preview's 复制到公众号 button: added to each article page by ``mkdocs serve`` only,
never to a built site.  The page fetches its export from the preview (made on request,
``kexie.mkdocs.channels_plugin``); one click then puts it on the clipboard as rich HTML
and plain text; the photos to upload are listed beside it with the checks' warnings."""

from __future__ import annotations

import html
import json

from ..core.messages import render

SCRIPT = """
(function () {
  var box = document.getElementById("kx-wechat");
  var button = box.querySelector("button"), status = box.querySelector("[role=status]");
  var holder = document.createElement("div");
  fetch(box.dataset.export, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (ex) {
    holder.innerHTML = ex.html;
    holder.querySelectorAll("img").forEach(function (img) { img.setAttribute("src", img.src); });  // absolute
    var list = box.querySelector("ul");
    ex.images.forEach(function (pair) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = pair[0]; a.download = pair[1]; a.textContent = "图片 " + pair[1];
      li.appendChild(a); list.appendChild(li);
    });
    ex.warnings.forEach(function (w) { var li = document.createElement("li"); li.textContent = w; list.appendChild(li); });
    button.disabled = false;
  });
  function done(ok) { status.textContent = ok ? "已复制，可粘贴到公众号编辑器" : "复制失败：请用导出命令（README：公众号）"; }
  button.addEventListener("click", function () {
    var rich = holder.innerHTML, text = holder.textContent;
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
      navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([rich], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      })]).then(function () { done(true); }, function () { done(fallback()); });
    } else {
      done(fallback());
    }
  });
  function fallback() {  // older browsers: copy a selection of the rendered export
    var copy = holder.cloneNode(true);
    copy.setAttribute("contenteditable", "true");
    copy.style.cssText = "position:fixed;left:-10000px;top:0;";
    document.body.appendChild(copy);
    var range = document.createRange(), sel = window.getSelection();
    range.selectNodeContents(copy);
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = document.execCommand("copy");
    sel.removeAllRanges();
    copy.remove();
    return ok;
  }
})();
"""

PANEL = ("position:fixed;right:16px;bottom:16px;z-index:5;max-width:22rem;background:#fff;color:#222;"
         "border:2px solid #b71c1c;border-radius:4px;padding:.5rem .75rem;font-size:.75rem;box-shadow:0 2px 8px rgba(0,0,0,.2)")


def panel(src: str, export_path: str) -> str:
    """The button for the article file ``src``; its export is fetched from ``export_path``."""
    url = html.escape(f"{export_path}?src={src}")
    return (f'<aside id="kx-wechat" aria-label="公众号" data-export="{url}" style="{PANEL}">'
            f'<button type="button" class="md-button md-button--primary" disabled>{html.escape(render("wechat.button"))}</button> '
            f'<span role="status"></span><ul></ul></aside>\n<script>{SCRIPT}</script>\n')
