// The web editor's checks before saving, and the preview's problems shown in the editor.
//
// The rules are the build's: kexie-rules.json is made at build time from the
// site's catalog and the message catalogue (kexie.core.form_rules), so a field
// refused here is one the build would refuse, in the build's words.  Each check
// wraps one of Decap's own widgets and answers its isValid(): Decap then marks
// the field red, writes the message under it and does not save.

const CMS = window.CMS;
let rules = null;

export async function loadRules() {
  try {
    const answer = await fetch('kexie-rules.json', { cache: 'no-store' });
    rules = answer.ok ? await answer.json() : null;
  } catch (e) {
    rules = null; // an editor without rules still works; the build checks again
  }
  return rules;
}

function say(key, values = {}) {
  const template = (rules && rules.messages[key]) || key;
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

const blank = v => v === undefined || v === null || v === '' || (v && v.size === 0);
const contentPath = path => (path && rules && path.startsWith(rules.docs + '/') ? path.slice(rules.docs.length + 1) : path);

// 网址用词: needed for a new article, never an address another article has.
function slugProblem({ value, entry, collection }) {
  const slug = blank(value) ? '' : String(value).trim();
  if (!slug) return entry.get('newRecord') ? say('form.slug_needed') : null;
  if (!new RegExp(rules.slug_pattern).test(slug)) return null; // the field's own pattern says so
  if (rules.reserved_slugs.includes(slug)) return say('form.slug_reserved', { slug });
  const folder = contentPath(collection.get('folder'));
  const own = contentPath(entry.get('path'));
  const url = `${folder}/${slug}/`;
  const other = rules.urls[url] || Object.values(rules.urls).find(p => p === `${folder}/${slug}.md`);
  if (other && other !== own) return say('form.slug_taken', { slug, other: `${rules.docs}/${other}`, url });
  return null;
}

// 印刷页码: every article of an issue (a news item reposted from one too) but those of a cover 栏目.
function pageProblem({ value, entry }) {
  const section = entry.getIn(['data', 'section']);
  const issue = entry.getIn(['data', 'issue']);
  if (blank(value) && !blank(issue) && section && rules.needs_page[section]) return say('form.page_needed', { section });
  return null;
}

// 责任编辑 and 审签: what the house requires (_data/house.yml) before an article of this 栏目 goes out;
// a draft (草稿 ticked) may wait.  The build refuses the same (publishing.editor_missing / signoff_missing).
function signedOff(entry) {
  const section = entry.getIn(['data', 'section']);
  return !rules.signoff || entry.getIn(['data', 'draft']) === true || !rules.signoff.sections.includes(section);
}

function editorProblem({ value, entry }) {
  if (signedOff(entry) || !blank(value)) return null;
  return say('publishing.editor_missing', { house: rules.signoff.house });
}

function signoffProblem({ value, entry }) {
  if (signedOff(entry)) return null;
  const given = level => value && value.get && !blank(value.get(level)) && String(value.get(level)).trim();
  const missing = rules.signoff.levels.filter(level => !given(level));
  return missing.length ? say('publishing.signoff_missing', { levels: missing.map(l => `“${l}”`).join('、'), house: rules.signoff.house }) : null;
}

// A registry list: every name, short name or slug that articles (or other entries) refer to must stay.
function registryProblem({ value, field }) {
  const registry = rules.registries[field.get('registry')];
  if (!registry || !value || !value.forEach) return null;
  const present = new Set();
  const unslugged = new Set(); // names whose entry writes no slug: the build still makes the one it made
  value.forEach(item => {
    if (!item || !item.get) return;
    registry.keys.forEach(k => !blank(item.get(k)) && present.add(String(item.get(k))));
    if (blank(item.get('slug'))) unslugged.add(String(item.get('name')));
  });
  for (const [slug, name] of Object.entries(registry.implicit)) if (unslugged.has(name)) present.add(slug);
  const problems = [];
  for (const [key, files] of Object.entries(rules.refs[registry.ref] || {})) {
    if (present.has(key)) continue;
    const shown = files.slice(0, 3).map(f => (f.includes('（') ? f : `${rules.docs}/${f}`)).join('、');
    problems.push(say('form.ref_in_use', { key, n: files.length, files: shown + (files.length > 3 ? ' 等' : '') }));
  }
  return problems.length ? problems.join('\n') : null;
}

// One of Decap's widgets with a check of ours on top of its own.
function checked(base, check) {
  const Base = CMS.getWidget(base).control;
  return window.createClass({
    isValid() {
      const own = this.inner && this.inner.isValid ? this.inner.isValid() : true;
      if (own === false || (own && own !== true && own.error)) return own;
      if (!rules) return own;
      const entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      const message = check({ ...this.props, entry });
      return message ? { error: { type: 'CUSTOM', message } } : own;
    },
    render() {
      return window.h(Base, { ...this.props, ref: el => { this.inner = el; } });
    },
  });
}

// The short address of a new article (kexie.channels.shortlinks): given once, when the form opens an
// entry without one, from the same alphabet the tools use; shown, never edited (it may be in print).
function newLinkId() {
  const { alphabet, length, taken } = rules.link_id;
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    const id = Array.from(bytes, b => alphabet[b % alphabet.length]).join('');
    if (!taken.includes(id) && !/^[0-9e]+$/.test(id)) return id; // 234567 or 2e5 would be read as a number
  }
}

const LinkId = window.createClass({
  componentDidMount() {
    if (!this.props.value && rules && rules.link_id) this.props.onChange(newLinkId());
  },
  render() {
    return window.h('p', { className: this.props.classNameWrapper, id: this.props.forID },
                    this.props.value ? `/a/${this.props.value}/` : '保存时自动生成');
  },
});

export function registerChecks() {
  CMS.registerWidget('kexie-link-id', LinkId, () => null);
  for (const [name, base, check] of [['kexie-slug', 'string', slugProblem], ['kexie-page', 'number', pageProblem],
                                     ['kexie-registry', 'list', registryProblem], ['kexie-editor', 'string', editorProblem],
                                     ['kexie-signoff', 'object', signoffProblem]]) {
    CMS.registerWidget(name, checked(base, check), CMS.getWidget(base).preview);
  }
}

// ---------------------------------------------------------------- the preview's problems

// content/issues/2023-02/x.md → the editor's address of that entry.
function entryRoute(path) {
  const rel = contentPath(path) || '';
  let m;
  if ((m = rel.match(/^issues\/([^/]+)\/issue\.yml$/))) return `#/collections/issues/entries/${m[1]}/issue`;
  if ((m = rel.match(/^issues\/([^/]+)\/([^/]+)\.md$/))) return `#/collections/issue-${m[1]}/entries/${m[2]}`;
  if ((m = rel.match(/^news\/([^/]+)\.md$/))) return `#/collections/news/entries/${m[1]}`;
  if ((m = rel.match(/^_data\/(sections|people|orgs|publications)\.yml/))) return `#/collections/registries/entries/${m[1]}`;
  return null;
}

function renderProblems(box, problems, notes = []) {
  box.replaceChildren();
  box.hidden = problems.length === 0 && notes.length === 0 && !box.dataset.seenProblems;
  if (box.hidden) return; // nothing to say: all was well from the start
  for (const note of notes) {
    const p = document.createElement('p');
    p.className = 'kexie-note';
    p.textContent = note;
    box.append(p);
  }
  if (notes.length) box.dataset.seenProblems = '1';
  if (!problems.length && notes.length) {
    box.className = 'kexie-problems';
    return;
  }
  if (!problems.length) {
    box.className = 'kexie-problems kexie-ok';
    box.append(say('form.problems_ok'));
    setTimeout(() => { if (box.classList.contains('kexie-ok')) box.hidden = true; }, 5000);
    return;
  }
  box.dataset.seenProblems = '1';
  box.className = 'kexie-problems';
  const head = document.createElement('strong');
  head.textContent = say('form.problems_head', { n: problems.length });
  const list = document.createElement('ol');
  for (const p of problems) {
    const item = document.createElement('li');
    const route = entryRoute(p.path);
    if (route) {
      const link = document.createElement('a');
      link.href = route;
      link.textContent = p.text;
      // Decap's router keeps the open form on a bare hash change: load the entry afresh (asked by a click)
      link.addEventListener('click', event => {
        event.preventDefault();
        location.hash = route;
        location.reload();
      });
      item.append(link);
    } else {
      item.textContent = p.text;
    }
    list.append(item);
  }
  box.append(head, list);
}

// The preview's proofreading (校对单) warnings of the entry being edited: advice, never a refusal to save.
function renderWarnings(box, warnings) {
  const route = location.hash.replace(/\?.*$/, '');
  const mine = warnings.filter(w => entryRoute(w.path) === route);
  box.replaceChildren();
  box.hidden = mine.length === 0;
  if (box.hidden) return;
  const head = document.createElement('strong');
  head.textContent = say('form.proofread_head', { n: mine.length });
  const list = document.createElement('ol');
  for (const w of mine) {
    const item = document.createElement('li');
    item.textContent = w.text;
    list.append(item);
  }
  box.append(head, list);
}

// The local preview checks the site after every save; its problems appear here, the editor stays.
// (A hosted site's file has none, a failed build publishing nothing; it is read for the rules' digest.)
export function showProblems() {
  const box = document.createElement('aside');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  const warnBox = document.createElement('aside');
  warnBox.className = 'kexie-proofread';
  warnBox.setAttribute('role', 'status');
  warnBox.hidden = true;
  document.body.append(box, warnBox);
  let warnings = [];
  window.addEventListener('hashchange', () => renderWarnings(warnBox, warnings));
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  let last = '';
  let digest = null;
  const poll = async () => {
    try {
      const answer = await fetch('problems.json', { cache: 'no-store' });
      if (answer.ok) {
        const text = await answer.text();
        if (text !== last) {
          const state = JSON.parse((last = text));
          renderProblems(box, state.problems, state.notes || []);
          renderWarnings(warnBox, (warnings = state.warnings || []));
          // a publication (or a colleague's, after the site's build) changed the addresses and names in use
          if (digest !== null && state.rules !== digest) await loadRules();
          digest = state.rules;
        }
      }
    } catch (e) {
      // the preview is restarting: keep what was shown
    }
    setTimeout(poll, local ? 1500 : 60000);
  };
  poll();
}
