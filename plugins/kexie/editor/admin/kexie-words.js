// Decap's Chinese, in the newsroom's words: the review states are 草稿 → 待审 → 待发布
// (as the editors' guide says), dates read 10月1日, and the few phrases the
// locale leaves in English or in developers' words are said for an editor.

const WORDS = {
  app: { header: { workflow: '审稿' } },
  editor: {
    // a field's "(可选)" mark: 网址用词 and 印刷页码 are required only sometimes (a new article, a
    // magazine 栏目), which the hint under each field says; the mark would contradict the check
    editorControl: { field: { optional: '' } },
    editor: { onPublishingNotReady: '请先把状态改为“待发布”（审稿通过）再发布' },
    editorToolbar: { inReview: '待审', ready: '待发布', status: '状态：%{status}' },
  },
  workflow: {
    workflow: { workflowHeading: '审稿', newPost: '新建文章', dateFormat: 'M月D日',
                description: '%{smart_count} 篇待审，%{readyCount} 篇待发布 |||| %{smart_count} 篇待审，%{readyCount} 篇待发布' },
    workflowList: { inReviewHeader: '待审', readyHeader: '待发布',
                    onPublishingNotReadyEntry: '只有“待发布”一栏的文章才能发布：请先把卡片拖到“待发布”' },
  },
  ui: {
    errorBoundary: { reportIt: '把以下错误信息发给网站的技术负责人' },
    toast: { onBackendDown: '存稿服务暂时无法连接：%{details}', missingRequiredField: '有必填项没有填写或填写有误（见标红的字段），请改正后再保存' },
  },
};

function merged(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === 'object' ? merged(base[key] || {}, value) : value;
  }
  return out;
}

// The text editor's components carry English labels of their own (not in the locale).
const COMPONENTS = {
  image: { label: '图片', fields: { image: '图片', alt: '图片说明（读屏软件朗读的替代文字）', title: '悬停提示（可不填）' } },
  'code-block': { label: '代码', fields: {} },
};

export function registerWords() {
  const CMS = window.CMS;
  CMS.registerLocale('zh_Hans', merged(CMS.getLocale('zh_Hans') || {}, WORDS));
  const components = CMS.getEditorComponents();
  for (const [id, words] of Object.entries(COMPONENTS)) {
    const component = components.get(id);
    if (!component) continue;
    component.label = words.label;
    component.fields = component.fields.map(f => (words.fields[f.get('name')] ? f.set('label', words.fields[f.get('name')]) : f));
  }
}
