// The "kexie-yaml" format for the web editor, the form's checks (kexie-form.js),
// then Decap CMS's start.
//
// Our registries (content/_data/*.yml) are top-level YAML lists, which Decap
// cannot show as a form: we present a list as { items: [...] }.  Editors'
// files carry comments (group headings in people.yml, the verbatim print text
// in issue.yml) that a plain re-serialisation would lose, so we keep the text
// read from the repository and change only the nodes whose value changed.
import YAML from './yaml/index.js';
import { loadRules, registerChecks, showProblems } from './kexie-form.js';
import { registerPreviews } from './kexie-preview.js';
import { registerWords } from './kexie-words.js';
import { renameUploads } from './kexie-uploads.js';

const SOURCE = '_kexie_source';
// YAML 1.1, the dialect PyYAML reads at build time: strings such as "2023-06-30",
// "010" or "no" get quotes so they stay text.
const OPTIONS = { version: '1.1' };

// Timestamps read back as the YYYY-MM-DD text the date fields edit.
function reviver(key, value) {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return value;
}

const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
const isEmpty = v => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function equal(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a).filter(k => !isEmpty(a[k]));
    return keys.length === Object.keys(b).filter(k => !isEmpty(b[k])).length && keys.every(k => equal(a[k], b[k]));
  }
  return a === b || (isEmpty(a) && isEmpty(b));
}

// Empty optional fields are left out of the file, as an editor would write it.
function prune(value) {
  if (Array.isArray(value)) return value.map(prune);
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => !isEmpty(v)).map(([k, v]) => [k, prune(v)]));
  }
  return value;
}

const keyOf = pair => String(YAML.isScalar(pair.key) ? pair.key.value : pair.key);
const nameOf = node => (YAML.isMap(node) ? node.get('name') : undefined);

function merge(doc, node, value) {
  if (node && equal(node.toJS(doc, { reviver }), value)) return node;
  if (YAML.isMap(node) && isObject(value)) return mergeMap(doc, node, value);
  if (YAML.isSeq(node) && Array.isArray(value)) return mergeSeq(doc, node, value);
  const fresh = doc.createNode(value);
  if (node) Object.assign(fresh, { commentBefore: node.commentBefore, comment: node.comment });
  return fresh;
}

function mergeMap(doc, map, value) {
  map.items = map.items.filter(pair => keyOf(pair) in value);
  for (const [key, v] of Object.entries(value)) {
    const pair = map.items.find(p => keyOf(p) === key);
    if (pair) pair.value = merge(doc, pair.value, v);
    else map.items.push(doc.createPair(key, v));
  }
  return map;
}

// List items are matched by name, so a heading comment stays with its entry
// when entries above it are added, removed or moved.
function mergeSeq(doc, seq, value) {
  const old = seq.items;
  const used = new Set();
  const names = new Set(value.map(v => (isObject(v) ? v.name : undefined)));
  seq.items = value.map((v, i) => {
    let j = isObject(v) && v.name !== undefined ? old.findIndex((n, k) => !used.has(k) && nameOf(n) === v.name) : -1;
    if (j < 0 && i < old.length && !used.has(i) && !names.has(nameOf(old[i]))) j = i;
    if (j < 0) return doc.createNode(v);
    used.add(j);
    return merge(doc, old[j], v);
  });
  return seq;
}

function fromFile(text) {
  const doc = YAML.parseDocument(text, OPTIONS);
  if (doc.errors.length) throw new Error(doc.errors.map(e => e.message).join('\n'));
  const value = doc.toJS({ reviver }) ?? {};
  return { ...(Array.isArray(value) ? { items: value } : value), [SOURCE]: text };
}

function toFile(data, sortedKeys = []) {
  const { [SOURCE]: source, ...fields } = data;
  const doc = source !== undefined ? YAML.parseDocument(source, OPTIONS) : new YAML.Document(null, OPTIONS);
  const asList = YAML.isSeq(doc.contents) || (source === undefined && Object.keys(fields).join() === 'items');
  let value = prune(asList ? fields.items ?? [] : fields);
  if (!asList && source === undefined) {
    // A new file: keys in the form's order.
    const rank = k => (sortedKeys.includes(k) ? sortedKeys.indexOf(k) : sortedKeys.length);
    value = Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)));
  }
  doc.contents = merge(doc, doc.contents, value);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

// Articles: their front matter goes through the same keeping merge, so a form save changes only
// the fields the editor changed; comments (# 印刷署名…), [甲, 乙] lists and quoted ids stay as written.
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

function articleFromFile(text) {
  const found = text.match(FRONT_MATTER);
  if (!found) return { body: text };
  const { [SOURCE]: source, ...fields } = fromFile(found[1] || '');
  return { ...fields, [SOURCE]: source, body: text.slice(found[0].length).replace(/^\n/, '') };
}

function articleToFile(data, sortedKeys = []) {
  const { body = '', ...fields } = data;
  const head = toFile(fields, sortedKeys.filter(k => k !== 'body'));
  return `---\n${head}---\n\n${String(body).replace(/\s*$/, '')}\n`;
}

// Decap's select menus come from react-select, whose notice and placeholder Decap leaves in English.
const ENGLISH = { 'No options': '没有匹配项：只能选资料库里已有的名称', 'Select...': '请选择…' };
new MutationObserver(() => {
  for (const el of document.querySelectorAll('[class*="-menu"] div, [class*="-placeholder"]')) {
    if (el.childElementCount === 0 && ENGLISH[el.textContent]) el.textContent = ENGLISH[el.textContent];
  }
}).observe(document.body, { childList: true, subtree: true });

window.CMS.registerCustomFormat('kexie-yaml', 'yml', { fromFile, toFile });
window.CMS.registerCustomFormat('kexie-frontmatter', 'md', { fromFile: articleFromFile, toFile: articleToFile });
registerWords();
renameUploads();
const rules = await loadRules();
registerChecks(rules);
registerPreviews(rules);
showProblems();
window.CMS.init();
