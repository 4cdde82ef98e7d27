// The preview pane beside an article's form: the article as the site shows it
// (locator, title, byline, summary, names, text) in the site's type, not Decap's raw values.

const CMS = window.CMS;

function dateLabel(value) {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(String(value).slice(0, 10) + 'T00:00:00Z');
  return Number.isNaN(d.getTime()) ? String(value) : `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function plainList(value) {
  if (!value) return [];
  const list = value.toJS ? value.toJS() : value;
  return (Array.isArray(list) ? list : [list]).map(x => (x && typeof x === 'object' ? x.name : x)).filter(Boolean);
}

function articlePreview(rules) {
  const h = window.h;
  return window.createClass({
    render() {
      const data = this.props.entry.get('data');
      const get = key => data.get(key);
      const issue = get('issue') && rules && rules.issues ? rules.issues[get('issue')] : '';
      const page = get('page') ? `第${get('page')}页` : '';
      const locator = [issue || (get('issue') ? '' : dateLabel(get('date'))), get('section'), page].filter(Boolean).join(' · ');
      const authors = plainList(get('authors'));
      const names = [...plainList(get('person')), ...plainList(get('org'))];
      return h('article', { className: 'kx-preview' },
        h('p', { className: 'kx-locator' }, locator),
        h('h1', get('title') ? {} : { className: 'kx-missing' }, get('title') || '（标题未填写）'),
        authors.length ? h('p', { className: 'kx-byline' }, `文 | ${authors.join('　')}`) : null,
        get('summary') ? h('p', { className: 'kx-summary' }, h('small', {}, '摘要（首页、栏目页、新闻列表和订阅里显示，文章页不显示）：'),
          h('br'), get('summary')) : null,
        names.length ? h('p', { className: 'kx-names' }, `相关人物、机构：${names.join('、')}`) : null,
        h('div', { className: 'kx-body' }, this.props.widgetFor('body')));
    },
  });
}

export function registerPreviews(rules) {
  CMS.registerPreviewStyle('kexie-preview.css');
  const preview = articlePreview(rules);
  const forms = (rules ? Object.keys(rules.issues) : []).map(id => `issue-${id}`).concat('news');
  for (const name of forms) CMS.registerPreviewTemplate(name, preview);
}
