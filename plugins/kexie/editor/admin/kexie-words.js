// Decap's Chinese, in the newsroom's words: the review states are 草稿 → 待审 → 待发布
// (as the editors' guide says), dates read 10月1日, and the few phrases the
// locale leaves in English or in developers' words are said for an editor.

const WORDS = {
  auth: { loginWithForgejo: '使用 Forgejo 登录' },
  app: { header: { workflow: '审稿' } },
  collection: {
    collectionTop: { viewAsList: '列表显示', viewAsGrid: '卡片显示' },
    entries: { unpublishedHeader: '未发布的稿件' },
  },
  editor: {
    editorControlPane: { widget: { rangeMin: '“%{fieldLabel}”至少要有 %{minCount} 项', rangeMax: '“%{fieldLabel}”最多 %{maxCount} 项' } },
    editorInterface: { toggleNotes: '打开/关闭审稿意见' },
    // the review notes beside an article in review (草稿/待审/待发布)
    editorNotesPane: { title: '审稿意见', emptyState: '还没有审稿意见。在下面写第一条。', addNote: '添加意见', addPlaceholder: '写审稿意见…',
                       editPlaceholder: '修改这条意见…', save: '保存', cancel: '取消', edit: '修改', delete: '删除', resolve: '标为已处理',
                       unresolve: '标为未处理', confirmDelete: '确定删除这条意见吗？', shortcut: '提示：按 Ctrl+Enter 直接添加' },
    editorWidgets: {
      markdown: { strikethrough: '删除线', toggleMode: { rich: '切换到富文本', markdown: '切换到 Markdown' } },
      image: { chooseMultiple: '选择多张图片', addMore: '再添加图片', removeAll: '移除全部图片' },
      file: { chooseMultiple: '选择多个文件', addMore: '再添加文件', removeAll: '移除全部文件' },
      datetime: { setToNow: '把“%{fieldLabel}”设为现在' },
      list: { addType: '新增%{item}' },
      object: { expand: '展开', collapse: '收起' },
    },
    // (editorControl.field.optional: "(选填)"; 网址用词 and 印刷页码 are needed only sometimes (a new article,
    // a magazine 栏目), which the hint under each field and the form's own check say.  An empty word here
    // left "标题 ()" beside every optional field.)
    editor: { onPublishingNotReady: '请先把状态改为“待发布”（审稿通过）再发布' },
    editorToolbar: { inReview: '待审', ready: '待发布', status: '状态：%{status}',
                     statusInfoTooltipDraft: '这是草稿。写完后把状态改为“待审”，交给审稿人。',
                     statusInfoTooltipInReview: '审稿中，不需要你再做什么；仍可修改，修改会留在稿件里。' },
    editorControl: { field: { optional: '选填', widgetLabel: '%{widgetLabel}字段' } },
  },
  workflow: {
    workflow: { workflowHeading: '审稿', newPost: '新建文章', dateFormat: 'M月D日',
                description: '%{smart_count} 篇待审，%{readyCount} 篇待发布 |||| %{smart_count} 篇待审，%{readyCount} 篇待发布' },
    workflowList: { inReviewHeader: '待审', readyHeader: '待发布',
                    onPublishingNotReadyEntry: '只有“待发布”一栏的文章才能发布：请先把卡片拖到“待发布”' },
  },
  mediaLibrary: { mediaLibraryModal: { close: '关闭' } },
  ui: {
    settingsDropdown: { account: '账户选项' },
    errorBoundary: { reportIt: '把以下错误信息发给网站的技术负责人' },
    toast: { noteAdded: '意见已添加', onFailToAddNote: '意见没能添加：%{details}', noteUpdated: '意见已修改',
             onFailToUpdateNote: '意见没能修改：%{details}', noteDeleted: '意见已删除', onFailToDeleteNote: '意见没能删除：%{details}',
             noteResolved: '意见已标为处理', noteReopened: '意见已重新打开', onFailToToggleNote: '意见状态没能更改：%{details}',
             onBackendDown: '存稿服务暂时无法连接：%{details}', missingRequiredField: '有必填项没有填写或填写有误（见标红的字段），请改正后再保存' },
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
