// Photos keep safe names: a phone's 微信图片_20231001 (2).JPG is uploaded as
// 20231001-2-4f1c2a.jpg (lower-case ASCII, '-' for the rest, .jpeg → .jpg).  Decap
// would otherwise drop the Chinese and keep the rest (_20231001-2-.jpg), so two
// phones' photos could take one name.  The short tag, from the original name,
// keeps 微信图片_1.jpg and 截图_1.jpg apart.  (The build accepts any name; this
// is only so that addresses and the media library stay readable.)

function tag(text) {
  let h = 0x811c9dc5; // FNV-1a
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

export function safeName(name) {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (ext === 'jpeg') ext = 'jpg';
  let out = stem.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (/[^\x00-\x7f]/.test(stem) || !out) out = [out || 'tupian', tag(stem)].join('-');
  return ext ? `${out}.${ext}` : out;
}

// Before Decap's own handler sees the chosen files (capture phase, at the document).
export function renameUploads() {
  document.addEventListener('change', event => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.files.length) return;
    if ([...input.files].every(f => safeName(f.name) === f.name)) return;
    const renamed = new DataTransfer();
    for (const f of input.files) renamed.items.add(new File([f], safeName(f.name), { type: f.type, lastModified: f.lastModified }));
    input.files = renamed.files;
  }, true);
}
