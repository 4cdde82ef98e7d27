"""The message catalogue: every text an editor reads, in one place.

Callers never write message text; they name a key and pass values:
``Msg("section.unknown", name="创新达人x", hint=suggest(...))``.  A ``Msg``
renders in Chinese, or in English for developers when ``KEXIE_LANG=en``.

Each entry holds the Chinese template, the English template and a short
Chinese note (what it means, how to fix it) from which the editors' guide
can be generated: ``python -m kexie.core.messages`` prints it as Markdown.
Values may themselves be ``Msg`` (rendered in the same language) or lists
(rendered as quoted names: “甲”、“乙” / 'a', 'b').
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, NamedTuple

LANG_ENV = "KEXIE_LANG"


class Entry(NamedTuple):
    zh: str
    en: str
    help: str = ""  # for the editors' guide: what it means and how to fix it


# Field names as written in front matter, issue.yml and the registries.
FIELD_LABELS = {
    "title": "标题", "issue": "期号", "date": "日期", "section": "栏目", "page": "页码", "order": "同页顺序",
    "authors": "作者", "org": "机构", "person": "人物", "summary": "摘要", "slug": "网址名", "text": "正文",
    "image": "图片", "link": "链接", "link_id": "短链编号", "id": "期号", "publication": "刊物", "year": "年份", "number": "期次",
    "total": "总期号", "theme": "本期关注", "print_date": "印刷日期", "cover": "封面图", "cover_caption": "封面说明",
    "contents_heading": "目录标题", "masthead": "编委", "colophon": "版权信息", "back_cover": "封底", "role": "职务",
    "names": "姓名", "label": "标签", "value": "内容", "name": "名称", "short": "简称", "kind": "类型",
    "region": "地区", "parent": "上级机构", "description": "简介", "photo": "照片", "bio": "人物简介",
    "roles": "身份", "honours": "荣誉", "honour_year": "获评年份", "publisher": "出版单位", "file": "文件",
    "articles": "文章清单", "start": "起始标题",
}

CATALOGUE: dict[str, Entry] = {
    # -- reports ------------------------------------------------------------
    "report.head": Entry("内容检查发现 {n} 个问题：", "content check found {n} problem(s):",
                         "构建或检查发现问题时的第一行；下面逐条列出每个问题。"),
    "report.build_stopped": Entry("共 {n} 个内容问题（见上）；改正后重新构建。网站目录保持上次成功构建的内容。",
                                  "{n} content problem(s) listed above; fix them and build again. site/ keeps the last good build.",
                                  "构建因内容问题停止；上一次成功构建的网站不受影响。"),
    "report.check_ok": Entry("内容检查通过：{articles} 篇文章，{issues} 期，{sections} 个栏目，{people} 位人物，{orgs} 个机构（{seconds} 秒）",
                             "content check passed: {articles} articles, {issues} issues, {sections} sections, {people} people, {orgs} orgs ({seconds} s)",
                             "全部内容没有问题，可以构建发布。"),
    "report.where_line": Entry("{path} 第{line}行", "{path}:{line}"),
    "report.field": Entry("{field}（{label}）", "{field}"),
    "report.problem": Entry("{where} {field}：{message}", "{where}: {field}: {message}"),
    "report.problem_nofield": Entry("{where}：{message}", "{where}: {message}"),
    # -- describing what an editor wrote --------------------------------------
    "value.bool": Entry("是/否值 {value}", "{value} (a yes/no value)"),
    "value.number": Entry("数字 {value}", "{value} (a number)"),
    "value.date": Entry("日期 {value}", "{value} (a date)"),
    "value.group": Entry("一组字段", "a group of fields"),
    "value.list": Entry("列表", "a list"),
    "value.nothing": Entry("空值", "nothing"),
    "value.binary": Entry("二进制数据（!!binary）", "binary data (!!binary)"),
    "value.tagged": Entry("{tag} 类型的值", "a value of the type {tag}"),
    "value.text": Entry("“{value}”", "'{value}'"),
    "suggest.close": Entry("是否想写{names}？", "did you mean {names}?"),
    "suggest.known": Entry("已有：{names}", "known: {names}"),
    "suggest.none": Entry("目前还没有任何条目", "none are defined yet"),
    # -- reading files ----------------------------------------------------------
    "source.too_big": Entry("文件有 {size} MB，最多接受 {limit} MB；请拆分文章或把数据移出正文", "file is {size} MB; at most {limit} MB is accepted (split the article or move data out)",
                            "文件过大。把长文拆成几篇，或把表格数据另存。"),
    "source.not_utf8": Entry("不是 UTF-8 文本（第 {offset} 字节为 0x{byte}）；请另存为 UTF-8 编码", "is not UTF-8 text (byte 0x{byte} at byte {offset}); save the file as UTF-8",
                             "文件编码不对（常见于 GBK/ANSI）。在编辑器里“另存为”UTF-8。"),
    "source.unreadable": Entry("文件无法读取（{reason}）；请检查文件权限", "the file cannot be read ({reason}); check its permissions",
                               "文件存在但没有读取权限。请管理员修改权限（chmod a+r）。"),
    "source.is_folder": Entry("这是一个文件夹，名字却以 {suffix} 结尾；文章必须是文件，请给文件夹改名", "is a folder named like an article ({suffix}); articles are files, rename the folder",
                              "文件夹名以 .md 结尾会被误当成文章。给文件夹改个名字。"),
    "source.not_regular": Entry("不是普通文件（如管道或设备）；请删除它", "is not a regular file (a pipe or device); delete it"),
    "source.front_matter_unclosed": Entry("开头有 '---' 但没有结束的 '---' 行", "front matter starts with '---' but has no closing '---' line",
                                          "文章开头的字段区要用两行 --- 包起来。补上第二行 ---。"),
    "source.no_front_matter": Entry("没有字段区；文件应以 '---' 开头，写明 title、section 和 {needs}", "has no front matter; expected the file to start with a '---' block holding title, section and {needs}",
                                    "文章开头缺少 --- 字段区。参照其他文章（或用 scripts/editor.py new 新建的文件）补上。"),
    "yaml.tab": Entry("用 Tab 缩进了；YAML 只能用空格缩进", "a tab is used for indentation; YAML needs spaces", "把行首的 Tab 换成两个空格。"),
    "yaml.syntax": Entry("YAML 无法读取（第{column}列：{problem}）；请检查引号、冒号和缩进", "YAML cannot be read (column {column}: {problem}); check quotes, colons and indentation",
                         "字段区格式错误：常见原因是引号不成对、冒号后少空格或缩进不齐。"),
    "yaml.alias": Entry("不允许使用 YAML 锚点/别名（&锚点 / *别名）；请直接写出内容", "YAML aliases (&anchor / *alias) are not allowed; write the value out"),
    "yaml.merge": Entry("不允许使用 YAML 合并键（<<）", "YAML merge keys (<<) are not allowed"),
    "yaml.key_not_word": Entry("字段名必须是普通的词", "a key must be a plain word"),
    "yaml.duplicate_key": Entry("字段 {key} 写了两次（第{first}行和第{line}行）；只保留一个，否则后一个会悄悄覆盖前一个", "the key {key} appears twice (lines {first} and {line}); keep one, the later would silently win",
                                "同一个字段出现两次。合并成一行，例如 person: [甲, 乙]。"),
    "yaml.too_deep": Entry("嵌套超过 {limit} 层；内容里不需要这么深的结构", "nested deeper than {limit} levels; content never needs this"),
    "yaml.bad_value": Entry("值无法读取：{problem}", "value cannot be read: {problem}"),
    # keyboard slips: structure typed with a Chinese input method (core/slips.py); {found} is what was typed, {fixed} the row corrected
    "yaml.slip_colon": Entry("字段名后面用了中文冒号“：”（写成了“{found}”）；YAML 只认英文冒号，请改成：{fixed}",
                             "a full-width colon '：' follows the key ('{found}'); YAML needs an ASCII colon and a space: {fixed}",
                             "中文输入法打出的冒号“：”不算字段的冒号，整行会被当成一段文字。切换到英文标点，写成 title: 内容（冒号后加一个空格）。"),
    "yaml.slip_space": Entry("冒号前后用了全角空格“　”（写成了“{found}”）；冒号要紧跟字段名，后面加一个半角空格，请改成：{fixed}",
                             "a full-width space '　' is next to the colon ('{found}'); write the colon right after the key and one ASCII space after it: {fixed}",
                             "中文输入法下的空格是全角空格“　”，YAML 不认。删掉它，用英文状态下的空格。"),
    "yaml.slip_no_space": Entry("冒号后面少了空格（写成了“{found}”）；YAML 要求冒号后加一个空格，请改成：{fixed}",
                                "the colon has no space after it ('{found}'); YAML needs one: {fixed}",
                                "“字段名:内容”之间少了空格，整行会被当成一段文字。冒号后加一个空格。"),
    "yaml.slip_indent": Entry("行首用了 {count} 个全角空格“　”缩进（“{found}”）；YAML 只认半角空格，请删掉全角空格，用半角空格对齐上下行",
                              "the row is indented with {count} full-width space(s) '　' ('{found}'); YAML needs ASCII spaces",
                              "缩进只能用英文状态下的空格（半角）。删掉行首的全角空格“　”后重新对齐。"),
    "yaml.slip_dash": Entry("列表项以全角的“{char}”开头（写成了“{found}”）；列表项要用英文短横线“-”加空格，请改成：{fixed}",
                            "a list item starts with the full-width '{char}' ('{found}'); list items start with an ASCII '-' and a space: {fixed}",
                            "列表每一项以英文短横线“-”加空格开头，不能用“－”或破折号“—”。"),
    "yaml.slip_hash": Entry("用全角的“＃”写了注释（“{found}”），它会被当成内容；注释要用英文“#”，请改成：{fixed}（若“＃”本是内容的一部分，请给整个值加英文引号）",
                            "a comment is written with the full-width '＃' ('{found}') and would be read as content; write '#': {fixed} (or quote the whole value if '＃' belongs to it)",
                            "注释以英文“#”开头；全角“＃”后面的文字会被发布出去。"),
    "yaml.slip_comma": Entry("列表的方括号（或花括号）里用中文“{char}”分隔（“{found}”），YAML 会把它读成一项；各项之间请用英文逗号，改成：{fixed}（若这本是一项里的文字，请给这一项加英文引号）",
                             "items of a [ ] list (or {{ }} group) are separated by '{char}' ('{found}'), which YAML reads as one item; separate them with ',': {fixed} (quote the item if it is one text)",
                             "[甲，乙] 会被读成一个名字“甲，乙”。列表里的各项用英文逗号分开：[甲, 乙]。"),
    "yaml.slip_brackets": Entry("列表用了全角括号 {char}（写成了“{found}”）；列表要用英文方括号 [ ] 和英文逗号，请改成：{fixed}",
                                "a list is written with the full-width brackets '{char}' ('{found}'); use [ ] and ',': {fixed}",
                                "【甲, 乙】或［甲, 乙］会被读成一段文字。改用英文方括号：[甲, 乙]。"),
    "yaml.slip_quote": Entry("值两边用了中文引号 {char}（写成了“{found}”），YAML 不把它当作引号；请改用英文引号或去掉引号：{fixed}",
                             "the '{char}' around the value are Chinese quotes ('{found}'), which YAML keeps as text; use ASCII quotes or none: {fixed}",
                             "标题里的中文引号会原样显示；但名字、期号、页码、日期两边不能加中文引号，要加引号时用英文引号 \"。"),
    "yaml.slip_full_width": Entry("“{found}”是全角字符（输入法的全角模式打出的数字或字母）；请切换到半角重新输入：{fixed}",
                                  "'{found}' is typed in full-width characters; type it in half-width: {fixed}",
                                  "全角的数字和字母（４２、ｔｉｔｌｅ）看着像，却不是数字和字段名。按 Shift+空格 切换到半角后重打。"),
    "yaml.slip_names": Entry("“{found}”像是几个名字用“{char}”连在了一起；每个名字单独一项，请改成：{fixed}（若这本是一个名字，请给它加英文引号）",
                             "'{found}' looks like several names joined by '{char}'; give each name its own item: {fixed} (quote it if it is one name)",
                             "作者、人物、机构每项只写一个名字，多个名字写成列表 [甲, 乙]。"),
    # what PyYAML found, explained (values of yaml.syntax and yaml.bad_value); English keeps PyYAML's words
    "yaml_problem.colon_in_value": Entry("值里有“冒号+空格”，YAML 把它当成了新的字段；含冒号的文字请整个加英文引号，例如 title: \"创新: 发展\"", "a value holds ': ', which YAML reads as a new key; quote the whole value, e.g. title: \"Innovation: growth\"",
                                         "标题等文字里有英文冒号加空格时，整个值要加引号。"),
    "yaml_problem.no_colon": Entry("找不到字段名后面的冒号；每个字段应写作“名称: 内容”（冒号后加空格）", "the ':' after a key is missing; write each field as 'key: value'",
                                   "某一行既不是“字段: 内容”，也不是列表项。补上冒号，或把续行缩进对齐。"),
    "yaml_problem.unclosed_quote": Entry("从这里开始的引号没有成对，直到字段区结束都没有找到结束的引号", "the quote opened here is never closed",
                                         "引号只写了一半。补上结束的引号。"),
    "yaml_problem.bad_start": Entry("值不能以“{char}”开头；请给整个值加英文引号", "a value may not start with '{char}'; quote the whole value",
                                    "以 @、`、% 等符号开头的值要加引号。"),
    "yaml_problem.indent": Entry("缩进不齐：同一层的字段要左端对齐，列表项的“-”要对齐", "the indentation is uneven: keys of one level and the '-' of list items must line up", "某一行多缩进或少缩进了。"),
    "yaml_problem.flow_list": Entry("方括号列表 [ … ] 没有正确结束：各项之间用英文逗号，最后要有 ]", "a [ … ] list is not closed properly: separate items with ',' and end with ']'",
                                    "列表写成 [甲, 乙] 时，用英文逗号和英文方括号。"),
    "yaml_problem.flow_map": Entry("花括号 {{ … }} 没有正确结束：各项之间用英文逗号，最后要有 }}", "a {{ … }} group is not closed properly: separate items with ',' and end with '}}'"),
    "yaml_problem.escape": Entry("双引号里的反斜杠“\\”开始了一个无效的转义；请写成“\\\\”或改用单引号", "a backslash inside double quotes starts an unknown escape; write '\\\\' or use single quotes",
                                 "双引号中的 \\ 有特殊含义。改用单引号，或写两个反斜杠。"),
    "yaml_problem.two_documents": Entry("字段区里多了一行 '---' 或 '...'，YAML 读到了第二份内容", "a second '---' or '...' line starts another document"),
    "yaml_problem.alias": Entry("用了 YAML 锚点或别名（& 或 * 开头）；请直接写出内容，以 * 或 & 开头的文字要加引号", "an anchor or alias (& or *) is used; write the value out, and quote text starting with * or &"),
    "yaml_problem.tag": Entry("用了不认识的 YAML 类型标记“{tag}”（以 ! 开头）；请删掉它，直接写文字", "the YAML tag '{tag}' (starting with !) is not allowed; remove it and write plain text",
                              "以 ! 开头的写法（如 !!python、!!binary）不能用。去掉它。"),
    "yaml_problem.base64": Entry("!!binary 后面的内容不是有效的 base64 数据；请删掉 !!binary，直接写文字", "the text after !!binary is not valid base64; remove !!binary and write plain text"),
    "yaml_problem.other": Entry("格式不符合 YAML 的规定", "this is not valid YAML"),
    "yaml.control_char": Entry("含有不可见的控制字符 U+{code}；请删除它", "contains the invisible control character U+{code}; delete it",
                               "从别处粘贴时带进了看不见的字符（如 NUL）。删除该处字符后重新输入。"),
    # -- typed fields -------------------------------------------------------------
    "field.missing": Entry("缺少此项；应填写文字{eg}", "is missing; expected text{eg}", "必填字段没有写。按示例补上。"),
    "field.blank": Entry("只有空白（{found}）；应填写文字{eg}", "holds only blank characters ({found}); expected text{eg}",
                         "字段只有空格（含全角空格）。写上真正的内容。"),
    "field.number_not_text": Entry("写成了{found}；应为加引号的文字{eg}（YAML 会把 010 读成 8，不加引号的 2023-02 也可能变样）",
                                   "found {found}; expected text in quotes{eg} (YAML reads 010 as 8 and 2023-02 unquoted may change)",
                                   "期号等编号要加英文引号，例如 issue: \"2023-02\"。"),
    "field.not_text": Entry("写成了{found}；应为文字{eg}", "found {found}; expected text{eg}"),
    "field.too_long": Entry("有 {length} 个字符；最多 {limit} 个", "is {length} characters long; at most {limit} are allowed"),
    "field.control_char": Entry("含有不可见的控制字符 U+{code}；请删除它", "contains the invisible control character U+{code}; delete it",
                                "从别处粘贴时带进了看不见的字符。删除该字符。"),
    "field.invisible_char": Entry("含有看不见的字符 U+{code}（{name}）；它会让文字显示错乱或无法搜索，请删除", "contains the invisible character U+{code} ({name}); it garbles or hides text, delete it",
                                  "文字里混入了零宽字符或文字方向控制符（常见于网页复制）。删除后重新输入。"),
    "field.markup": Entry("含有网页标记“{found}”；这里只能写纯文字（需要尖括号时请用全角 ＜ ＞）", "contains the markup '{found}'; plain text only here (use full-width ＜ ＞ for angle brackets)",
                          "标题、姓名、地区等字段只能写纯文字，不能写 HTML 标签。"),
    "field.int_missing": Entry("缺少此项；应填写整数{eg}", "is missing; expected a whole number{eg}"),
    "field.not_positive_int": Entry("写成了{found}；应为用阿拉伯数字写的正整数{eg}", "found {found}; expected a positive whole number written in digits{eg}",
                                    "页码、期次等只能写 1、2、3 这样的正整数。"),
    "field.date_missing": Entry("缺少此项；应为日期，例如 {key}: {example}", "is missing; expected a date like {key}: {example}"),
    "field.not_date": Entry("写成了{found}；日期应写作 YYYY-MM-DD，例如 {key}: {example}", "found {found}; expected a date written as YYYY-MM-DD, e.g. {key}: {example}",
                            "日期格式不对。写成 2023-04-30 这样。"),
    "field.impossible_date": Entry("“{value}”不是真实存在的日期；请核对年月日，例如 {key}: {example}", "'{value}' is not a real date; check year, month and day, e.g. {key}: {example}",
                                   "日期不存在（如 2 月 30 日）。核对后改正。"),
    "field.date_range": Entry("日期 {value} 不在 {first}—{last} 年之间；请核对年份", "the date {value} is not between {first} and {last}; check the year",
                              "年份写错了（如 0023 或 9999）。"),
    "field.not_list": Entry("写成了{found}；应为列表{eg}", "found {found}; expected a list{eg}"),
    "field.bad_item": Entry("其中一项是{found}；应为文字名称{eg}", "has an item {found}; expected names as text{eg}"),
    "field.not_choice": Entry("写成了“{value}”；应为以下之一：{choices}", "found '{value}'; expected one of: {choices}"),
    "field.unknown": Entry("不是已知字段；{hint}", "is not a field we know; {hint}", "字段名拼错了，或用了系统不认识的字段。"),
    "field.eg": Entry("，例如 {key}: {example}", ", e.g. {key}: {example}"),
    "field.bad_slug": Entry("写成了“{value}”；只能用小写英文字母、数字和 '-'（不能有 '/'、'..' 或空格），例如 slug: li-weirong",
                            "found '{value}'; expected lowercase ASCII letters, digits and '-' only (no '/', '..' or spaces), e.g. slug: li-weirong",
                            "网址名只能用小写拼音、数字和连字符。"),
    "field.entries": Entry("应为条目列表，例如 '- {example}'", "expected a list of entries like '- {example}'"),
    # -- articles --------------------------------------------------------------
    "article.file_name": Entry("文件名“{stem}”不能用作网址；请把文件改名为小写拼音（如 {hint}.md）或加上 slug: {hint}",
                               "the file name '{stem}' is not a web address word; rename the file to lowercase ASCII (e.g. {hint}.md) or add slug: {hint}",
                               "文件名会成为网址，只能用小写拼音。"),
    "article.issue_folder": Entry("写成了“{found}”，但文件在 issues/{folder}/ 里；请移动文件或写 issue: \"{folder}\"",
                                  "found '{found}' but the file is in issues/{folder}/; move the file or write issue: \"{folder}\"",
                                  "文章的期号与所在文件夹不一致。"),
    "article.not_published": Entry("这篇文章不会发布；请检查 title、section 以及 issue 或 date 是否都已正确填写", "this article would not be published; check title, section and issue or date"),
    "article.page_missing": Entry("缺少此项；应为目录上的印刷页码，例如 page: 42（只有封面/封二/封三不写页码）",
                                  "is missing; expected the print page number from the CONTENTS, e.g. page: 42 (only 封面/封二/封三 items have none)",
                                  "杂志文章要写印刷页码。"),
    "section.unknown": Entry("“{name}”不是已有栏目；{hint}", "'{name}' is not a known section; {hint}", "栏目名要和 _data/sections.yml 里的一致。"),
    "issue.unknown": Entry("“{name}”不是已有的一期；{hint}", "'{name}' is not a known issue; {hint}", "期号对应 issues/ 下的文件夹；先新建这一期。"),
    "ref.unknown": Entry("“{name}”不在 {registry} 里；{hint}（请先在那里添加）", "'{name}' is not in {registry}; {hint} (add an entry there first)",
                         "人物或机构要先登记在 _data/people.yml 或 _data/orgs.yml。"),
    "body.control_char": Entry("正文含有不可见的控制字符 U+{code}；请删除它", "contains the invisible control character U+{code}; delete it"),
    "body.bidi_char": Entry("正文含有文字方向控制符 U+{code}（{name}）；它会让文字倒序显示，请删除", "contains the bidi control U+{code} ({name}); it reverses text, delete it",
                            "正文里混入了看不见的文字方向控制符。删除它。"),
    "body.too_deep": Entry("列表或引用嵌套了 {depth} 层；最多 {limit} 层", "lists or quotes nested {depth} levels deep; at most {limit} are allowed",
                           "列表/引用层级太深，网页无法显示。减少缩进层级。"),
    "image.missing": Entry("图片“{target}”不存在；应为文章旁边的图片文件或正确的相对路径", "'{target}' does not exist; expected an image file next to the article or a correct relative path",
                           "图片路径写错或图片没有上传。"),
    "image.outside": Entry("“{target}”指向 content/ 以外；图片必须放在 content/ 里", "'{target}' points outside content/; images must be inside content/",
                           "图片路径用了太多 ../，跑出了内容目录。"),
    "image.unidentified": Entry("无法识别这张图片：它不是 JPEG、PNG 或 WebP 图片（可能是改了扩展名的其他文件，或文件已损坏）；请换一个 JPEG、PNG 或 WebP 文件",
                                "this is not a JPEG, PNG or WebP image (another kind of file renamed, or a damaged file); use a JPEG, PNG or WebP file",
                                "图片文件打不开：扩展名是 .jpg/.png/.webp，内容却不是图片。重新导出或换一张。"),
    "image.too_many_pixels": Entry("图片的像素太多（超过约 1.8 亿像素），网站无法处理；请缩小到几千像素宽后再放进来", "the image has too many pixels (over about 180 million); scale it down to a few thousand pixels wide",
                                   "图片尺寸大得异常（可能是损坏或恶意文件）。缩小后再上传。"),
    "image.name_taken": Entry("这个文件名留给图片“{original}”自动生成的手机版本；请给这个文件改名", "this name belongs to a phone version the build makes of '{original}'; rename this file",
                              "网站会为每张照片生成 照片名-480w.webp 等手机版本；手工文件不能用这些名字。"),
    "image.same_versions": Entry("和“{other}”会生成同名的手机版本（{names}）；请给其中一张图片改名", "would get the same phone versions ({names}) as '{other}'; rename one of the two images",
                                 "同一文件夹里有 photo.jpg 和 photo.png 这样只差扩展名的两张图片。给其中一张改名。"),
    "image.damaged": Entry("{path}：图片数据不完整，原样发布，不做手机版本", "{path}: the image data is incomplete; published as it is, without phone versions",
                           "图片能识别但数据不完整（如上传中断）。网站原样发布它；最好重新上传完整的文件。"),
    # -- photos named by phones, WeChat and cameras; photos a page would show full size -----
    "image.heic": Entry("“{target}”是苹果手机的 HEIC 照片，大多数浏览器和微信无法显示；请导出为 JPEG 再放进来（如 {suggest}；iPhone 可在 设置 → 相机 → 格式 选“兼容性最佳”）",
                        "'{target}' is an iPhone HEIC photo, which most browsers and WeChat cannot show; export it as JPEG (e.g. {suggest}; on the iPhone: Settings → Camera → Formats → Most Compatible)",
                        "iPhone 默认把照片存成 HEIC。导出或另存为 JPEG 后再上传。"),
    "image.heic_renamed": Entry("这是苹果手机的 HEIC 照片，只是扩展名写成了图片格式；请在手机或电脑上把它导出为真正的 JPEG 再放进来",
                                "this is an iPhone HEIC photo with a JPEG/PNG extension; export it as a real JPEG on the phone or computer",
                                "改扩展名不会改变图片格式。用手机或电脑的“导出为 JPEG”。"),
    "image.truncated": Entry("图片数据不完整（可能上传或复制时中断），网站做不出手机版本，页面只能显示残缺的原图；请重新导出或重新上传完整的文件",
                             "the image data is incomplete (an upload or copy cut short); the site cannot make phone versions and pages would show the broken original; export or upload the whole file again",
                             "图片只传了一部分。重新上传完整的图片。"),
    "image.format": Entry("“{target}”是 {ext} 图片，网站只为 JPEG、PNG、WebP 照片生成手机版本；请另存为 JPEG（如 {suggest}；截图、图表可存为 PNG）",
                          "'{target}' is a {ext} image; the site makes phone versions only of JPEG, PNG and WebP photos; save it as JPEG (e.g. {suggest}; screenshots and charts may be PNG)",
                          "GIF、BMP、TIFF、AVIF 等格式没有手机版本，有的浏览器或微信无法显示。另存为 JPEG 或 PNG。"),
    "image.special_name": Entry("图片文件名“{name}”含有 #、? 或 %，网址会把它们读成别的意思，图片显示不出来；请把图片改名（如 {suggest}）并改写这里的引用",
                                "the image file name '{name}' contains #, ? or %, which a web address reads as something else; rename the image (e.g. {suggest}) and change this reference",
                                "# ? % 在网址里有特殊含义。给图片改个只含字母、数字和 - 的名字。"),
    "image.no_versions": Entry("图片“{photo}”没有手机版本（{reason}），页面会直接显示原图，手机读者要下载整张大图；{advice}",
                               "the image '{photo}' has no phone versions ({reason}); the page shows the original and phones download it in full; {advice}",
                               "页面里的图片没能生成手机版本。按提示修改图片或引用。"),
    "image.reason_missing": Entry("网站里没有这个文件", "the site has no such file"),
    "image.reason_format": Entry("它不是 JPEG、PNG 或 WebP", "it is no JPEG, PNG or WebP"),
    "image.reason_unusable": Entry("网站无法读取这张图片", "the site cannot read this image"),
    "image.reason_name_taken": Entry("它的手机版本的文件名被别的文件占用", "a file already has the name of one of its versions"),
    "image.advice_export": Entry("请另存为 JPEG 或 PNG 再放进来", "save it as JPEG or PNG"),
    "image.advice_path": Entry("请检查图片的路径和文件名", "check the image's path and file name"),
    "image.advice_reupload": Entry("请重新导出或重新上传完整的图片", "export or upload the whole image again"),
    "image.advice_rename": Entry("请给占用这个名字的文件改名", "rename the file that has taken the name"),
    "image.template_missing": Entry("图片 {uri} 不存在，页面 /{page} 不显示它", "the image {uri} does not exist; the page /{page} leaves it out"),
    "link.missing": Entry("链接“{target}”指向的文件不存在；应为已有文章的相对路径（如 ../2023-02/li-weirong.md）", "the link '{target}' points to a file that does not exist; expected the relative path of an existing article",
                          "站内链接指向了不存在的文章，可能文件已改名或删除。"),
    "link.outside": Entry("链接“{target}”指向 content/ 以外；站内链接必须指向 content/ 里的文件", "the link '{target}' points outside content/; links must stay inside content/"),
    # -- files in content/ ------------------------------------------------------
    "files.markdown_suffix": Entry("文章的扩展名是“{suffix}”；应为小写 .md（请改名为 {fixed}），否则它不会出现在目录和订阅里",
                                   "has the extension '{suffix}'; articles must end in lowercase .md (rename it to {fixed})",
                                   "扩展名写成了 .MD、.markdown 等。统一改成 .md。"),
    "files.misnamed_article": Entry("像是一篇存错了名字的文章（或编辑器留下的备份）：名字以“{suffix}”结尾，它不会成为网页，而会连同字段区原样公开；若是文章请改名为 {fixed}，若是备份请删除它",
                                    "looks like an article saved under the wrong name (or an editor's backup): ending in '{suffix}', it would be published as raw text, front matter and all, not as a page; rename an article to {fixed}, delete a backup",
                                    "文件名像 wang.md.txt、li-weirong.md~ 这样多了扩展名（Windows 常隐藏扩展名），或是备份文件。文章改名为 .md，备份删除。"),
    "files.hidden": Entry("是隐藏文件（名字以 . 开头），网站不会发布它；请去掉开头的 '.'，或把它移出 content/", "is a hidden file (its name starts with '.'), which is never published; remove the leading '.' or move it out of content/",
                          "以点开头的文件不会发布。去掉开头的点，或删除它。"),
    "files.symlink_outside": Entry("是指向 content/ 以外（{target}）的符号链接；请把文件本身复制进来", "is a symbolic link to {target}, outside content/; copy the file in instead",
                                   "内容目录里的链接文件指向了外部，出于安全不发布。把真正的文件放进来。"),
    "files.symlink_dangling": Entry("是失效的符号链接（指向不存在的 {target}）；请删除它或放入真正的文件", "is a broken symbolic link (to {target}, which does not exist); delete it or put the real file here"),
    "files.symlink_folder": Entry("是指向文件夹 {target} 的符号链接；网站不发布链接的文件夹，请把文件夹本身放在这里", "is a symbolic link to the folder {target}; linked folders are not published, put the folder itself here"),
    "files.active": Entry("是 {suffix} 文件，会原样发布、其中的脚本会在本站运行；请把内容写成 .md 文章，或删除它", "is a {suffix} file, published as it is (its scripts would run on our site); write the text as a .md article or delete it",
                          "内容目录里不能放网页或脚本文件（.html、.js）。正文请写成 .md 文章。"),
    "files.svg_active": Entry("这个 SVG 图片含有脚本、事件属性或外嵌内容；请导出不含脚本的 SVG，或改用 PNG/JPG", "this SVG holds a script, an event handler or embedded content; export a plain SVG or use PNG/JPG",
                              "SVG 图片里带有脚本。重新导出为普通 SVG，或改用 PNG/JPG。"),
    "files.generated": Entry("这个页面由网站自动生成；请把内容移到别处（期刊信息写在 issue.yml，人物和机构写在 _data/）",
                             "this page is generated by the site; move the text elsewhere (issue details go in issue.yml, people and orgs in _data/)",
                             "这个位置的页面由系统生成（期刊目录、栏目页、人物页、新闻列表）；手写的文件会被覆盖。"),
    "files.reserved_output": Entry("会被网站自动生成的 {output} 覆盖；请给文件改名", "would be overwritten by the generated {output}; rename the file",
                                   "文件名与系统生成的页面或订阅（feed.xml、新闻分页等）重名。换个名字。"),
    "files.same_output": Entry("和 {others} 会写到同一个网址 /{url}；请改名其中一个", "writes the same address /{url} as {others}; rename one of them"),
    "files.home_missing": Entry("首页文件不存在；content/ 里需要 index.md（导航的第一项）", "the home page is missing; content/ needs index.md (the first item of the nav)"),
    "files.article_depth": Entry("杂志文章应直接放在某一期的文件夹里，例如 issues/2023-02/li-weirong.md", "magazine articles go directly in an issue folder, e.g. issues/2023-02/li-weirong.md"),
    "files.url_taken": Entry("网址 /{url} 已被 {others} 使用；请给其中一篇换一个 slug", "address /{url} is already used by {others}; give one of them a different slug",
                             "两篇文章的网址名相同。给其中一篇加不同的 slug。"),
    # -- registries and issues ---------------------------------------------------
    "registry.missing": Entry("文件不存在", "file is missing"),
    "registry.not_list": Entry("应为条目列表，每条以 '- name: …' 开头", "expected a list of entries, each starting with '- name: …'"),
    "registry.entry_not_mapping": Entry("第 {n} 条应为字段，例如 'name: …'", "entry {n}: expected fields like 'name: …'"),
    "registry.taken": Entry("“{value}”已被“{other}”使用（第{other_line}行）；{fix}", "'{value}' is already used by '{other}' (line {other_line}); {fix}",
                            "名称、简称或网址名与另一条重复，文章会链到错误的条目。"),
    "registry.fix_slug": Entry("请给其中一个写明不同的 slug", "give one of them an explicit slug"),
    "registry.fix_name": Entry("每个名称、简称只能出现一次", "each name and short name may appear once"),
    "registry.parent_unknown": Entry("“{name}”不是本文件里的机构；{hint}", "'{name}' is not an org in this file; {hint}"),
    "registry.parent_cycle": Entry("上级机构绕成了一个圈：{chain}；请改正其中一个 parent", "the parent orgs form a loop: {chain}; fix one parent",
                                   "机构的上级关系互相指向（甲的上级是乙，乙的上级又是甲）。"),
    "registry.org_unknown": Entry("“{name}”不在 orgs.yml 里；{hint}", "'{name}' is not an org in orgs.yml; {hint}"),
    "registry.photo_missing": Entry("照片“{target}”不存在；应为 content/ 里的图片路径", "the photo '{target}' does not exist; expected an image path inside content/"),
    "issue.missing_yml": Entry("不存在；每个期刊文件夹都需要 issue.yml，写明 id、year、number 和 print_date", "is missing; every issue folder needs an issue.yml with id, year, number and print_date"),
    "issue.empty": Entry("是空的（或只有注释）；这一期因此不会出现在期刊列表、栏目页和订阅里。请写明 id、year、number 和 print_date，例如 id: \"{folder}\"",
                         "is empty (or holds only comments), so this issue would be left out of the archive, section pages and feeds; write id, year, number and print_date, e.g. id: \"{folder}\"",
                         "issue.yml 没有内容时整期会从网站上消失。参照其他期的 issue.yml 填写。"),
    "issue.not_mapping": Entry("应为期刊字段，例如 'id: \"2023-02\"'", "expected issue fields like 'id: \"2023-02\"'"),
    "issue.id_folder": Entry("写成了“{found}”，但文件夹是 issues/{folder}/；应为 id: \"{folder}\"（一期一个文件夹）", "found '{found}' but the folder is issues/{folder}/; expected id: \"{folder}\" (one folder per issue)"),
    "issue.folder_name": Entry("期刊文件夹名“{folder}”应写作 年份-两位期次，例如 {hint}", "the issue folder '{folder}' should be named year-number with two digits, e.g. {hint}",
                               "期刊文件夹统一命名为 2023-02 这样的格式。"),
    "issue.year_folder": Entry("写成了 {found}，但文件夹 {folder} 表示 {expected} 年；请改为 year: {expected}", "found {found} but the folder {folder} says {expected}; expected year: {expected}",
                               "issue.yml 的年份与文件夹名不一致。"),
    "issue.number_folder": Entry("写成了第{found}期，但文件夹 {folder} 表示第{expected}期；请改为 number: {expected}", "found number {found} but the folder {folder} says {expected}; expected number: {expected}",
                                 "issue.yml 的期次与文件夹名不一致。"),
    "issue.duplicate": Entry("《{publication}》{label} 已由 {other} 登记；一期只能有一个文件夹", "{publication} {label} is already described by {other}; one folder per issue",
                             "同一期建了两个文件夹（如 2023-2 和 2023-02）。删除多余的一个。"),
    "issue.total_order": Entry("总第{total}期不在前一期（{previous}，总第{previous_total}期）之后；总期号应逐期递增", "total {total} does not follow the previous issue ({previous}, total {previous_total}); totals must increase issue by issue",
                               "“总第N期”重复或倒退。核对期号。"),
    "issue.date_order": Entry("印刷日期 {date} 早于前一期（{previous}，{previous_date}）；请核对日期", "print date {date} is before the previous issue ({previous}, {previous_date}); check the date",
                              "这一期的印刷日期比上一期还早。"),
    "issue.cover_missing": Entry("封面图“{target}”不存在；应为本期文件夹里的图片文件名，例如 cover: cover.jpg", "the cover image '{target}' does not exist; expected an image file in the issue folder, e.g. cover: cover.jpg",
                                 "封面图片没有上传或文件名写错。"),
    "publication.unknown": Entry("“{name}”不是已有刊物；{hint}", "'{name}' is not a known publication; {hint}"),
    # -- editors' tools --------------------------------------------------------------
    "cli.usage": Entry("命令写法有误：{message}（加 -h 查看用法）", "usage error: {message} (add -h for help)"),
    "cli.created": Entry("已创建：{path}", "created: {path}"),
    "cli.not_written": Entry("未写入：{reason}", "not written: {reason}"),
    "cli.exists": Entry("{path} 已存在，没有覆盖（确需替换请加 --force）", "{path} already exists; not overwritten (use --force to replace it)",
                        "同名文件已经存在，工具不会覆盖。换个标题/slug，或确认后加 --force。"),
    "cli.permission": Entry("无法写入 {path}（没有写权限）；请检查文件夹权限", "cannot write {path} (permission denied); check the folder's permissions"),
    "cli.write_failed": Entry("无法写入 {path}（{reason}）", "cannot write {path} ({reason})"),
    "cli.section_unknown": Entry("栏目“{name}”不存在；已有栏目：{names}", "section '{name}' does not exist; known: {names}"),
    "cli.bad_slug": Entry("--slug “{slug}”只能用小写字母、数字和 '-'", "--slug '{slug}' may only use lowercase letters, digits and '-'"),
    "cli.issue_unknown": Entry("期号 {issue} 不存在；请先新建这一期：.venv/bin/python scripts/editor.py new-issue {issue} --print-date …", "issue {issue} does not exist; create it first: .venv/bin/python scripts/editor.py new-issue {issue} --print-date …"),
    "cli.bad_page": Entry("--page 写成了 {page}；页码应为正整数（1、2、3 …）", "--page is {page}; the print page must be a positive whole number"),
    "cli.page_needed": Entry("杂志文章需要 --page（印刷页码）", "a magazine article needs --page (the print page)"),
    "cli.bad_date": Entry("{option} 写成了“{value}”；应为真实存在的日期 YYYY-MM-DD，例如 2023-10-01", "{option} is '{value}'; expected a real date written YYYY-MM-DD, e.g. 2023-10-01"),
    "cli.bad_issue_id": Entry("期号“{value}”应写作 年份-两位期次，例如 2023-03", "issue id '{value}' should be written year-number, e.g. 2023-03"),
    "cli.bad_total": Entry("--total 写成了 {value}；总期号应为正整数", "--total is {value}; expected a positive whole number"),
    "cli.blank_title": Entry("--title 不能为空", "--title may not be empty"),
    "cli.bad_text": Entry("选项 {option} {message}", "{option} {message}"),
    "cli.usage_prefix": Entry("用法：", "usage: "),
    "cli.help": Entry("显示本帮助并退出", "show this help message and exit"),
    "cli.options": Entry("选项", "options"),
    "cli.positionals": Entry("参数", "positional arguments"),
    "cli.arg_required": Entry("缺少 {names}", "the following arguments are required: {names}"),
    "cli.arg_one_of": Entry("需要写 {names} 中的一个", "one of the arguments {names} is required"),
    "cli.arg_unknown": Entry("不认识的参数：{names}", "unrecognized arguments: {names}"),
    "cli.arg_choice": Entry("{option} 写成了“{value}”；应为以下之一：{choices}", "{option}: invalid choice: '{value}' (choose from {choices})"),
    "cli.arg_value": Entry("{option} 后面要写一个值", "{option}: expected one argument"),
    "cli.arg_not_with": Entry("{option} 不能和 {other} 同时使用", "{option}: not allowed with argument {other}"),
    "cli.arg_ambiguous": Entry("{option} 不明确，可能是 {matches}", "ambiguous option: {option} could match {matches}"),
    "cli.no_content": Entry("内容目录 {path} 不存在；请在网站根目录运行，或用 --content 指明", "the content folder {path} does not exist; run from the site folder or pass --content"),
    "cli.file_unreadable": Entry("无法读取 {path}（{reason}）", "cannot read {path} ({reason})"),
    # -h: what each command and option is for (kexie -h, kexie new -h …); placeholders are the words after an option
    "cli_help.description": Entry("《企业科协》内容工具：检查内容、新建文章、新建一期、导入整期原始文本、短链编号和二维码", "content tools: check content, create an article or an issue, import a raw issue text, short-address ids and QR codes"),
    "cli_help.content": Entry("内容目录（默认 content）", "the content folder (default: content)"),
    "cli_help.check": Entry("检查全部内容（与构建相同的校验），不构建网站；有问题时退出码为 1", "validate all content as the build does, without building; exit 1 on problems"),
    "cli_help.format": Entry("另在标准输出给出 CI 标注：github（::error 行）或 gitlab（代码质量 JSON）", "also print CI annotations on stdout: github (::error lines) or gitlab (code-quality JSON)"),
    "cli_help.new": Entry("按模板新建一篇文章；文件名由标题生成（小写拼音），人名用资料库里的写法", "create an article from the template; the file name is the title in pinyin, registered names spelled as their slug"),
    "cli_help.title": Entry("标题", "the title"),
    "cli_help.section": Entry("栏目，如 创新达人", "the section, e.g. 创新达人"),
    "cli_help.issue": Entry("期号，如 2023-02（杂志文章）", "the issue, e.g. 2023-02 (magazine articles)"),
    "cli_help.date": Entry("日期，如 2023-10-01（新闻中心稿件）", "the date, e.g. 2023-10-01 (news items)"),
    "cli_help.page": Entry("印刷页码（杂志文章必填，封面类栏目除外）", "the print page (required for magazine articles except cover items)"),
    "cli_help.slug": Entry("网址名（小写拼音），默认由标题生成", "the web address word (lowercase pinyin); made from the title by default"),
    "cli_help.author": Entry("作者，可重复", "an author; may be repeated"),
    "cli_help.person": Entry("文中人物：people.yml 里的姓名或 slug；可重复，也可用、或逗号隔开", "a person: a name or slug from people.yml; repeat it or separate names with 、 or commas"),
    "cli_help.org": Entry("相关机构：orgs.yml 里的名称、简称或 slug；可重复，也可用、或逗号隔开", "an org: a name, short name or slug from orgs.yml; repeat it or separate names with 、 or commas"),
    "cli_help.new_force": Entry("同名文件已存在时替换它（整个文件一次替换，不会只写一半）", "replace a file of the same name (replaced whole, never half written)"),
    "cli_help.new_issue": Entry("新建一期（issues/期号/issue.yml）", "create an issue (issues/<id>/issue.yml)"),
    "cli_help.issue_id": Entry("期号，如 2023-03", "the issue id, e.g. 2023-03"),
    "cli_help.publication": Entry("刊物名称（默认 企业科协）", "the publication (default: 企业科协)"),
    "cli_help.total": Entry("总第几期", "the running total number"),
    "cli_help.print_date": Entry("印刷日期，如 2023-06-30", "the print date, e.g. 2023-06-30"),
    "cli_help.theme": Entry("本期关注", "the issue's theme"),
    "cli_help.import": Entry("把整期原始文本按清单拆成文章文件：要么全部写入，要么一个也不写", "split a raw issue text into article files by a manifest: all files or none"),
    "cli_help.raw": Entry("原始文本文件（整期）", "the raw issue text"),
    "cli_help.manifest": Entry("清单 YAML：issue 与 articles（每项 title、section、page，可加 start、end、slug）", "the manifest YAML: issue and articles (title, section, page; optional start, end, slug)"),
    "cli_help.import_force": Entry("替换已存在的文章文件", "replace existing article files"),
    "cli_help.confirm": Entry("已核对：这篇（写 slug）确实这么长、其中像标题的行也属于它；只把对它的拦阻改为提醒，可重复", "checked: this article (its slug) really is that long and its heading-like lines belong to it; its refusals become warnings; may be repeated"),
    "cli_help.meta_command": Entry("命令", "COMMAND"),
    "cli_help.meta_folder": Entry("目录", "FOLDER"),
    "cli_help.meta_text": Entry("文字", "TEXT"),
    "cli_help.meta_section": Entry("栏目", "SECTION"),
    "cli_help.meta_issue": Entry("期号", "ISSUE"),
    "cli_help.meta_date": Entry("日期", "DATE"),
    "cli_help.meta_number": Entry("数字", "NUMBER"),
    "cli_help.meta_slug": Entry("网址名", "SLUG"),
    "cli_help.meta_name": Entry("名称", "NAME"),
    "cli_help.meta_raw": Entry("原始文本", "RAW"),
    "cli_help.meta_manifest": Entry("清单", "MANIFEST"),
    "import.manifest_shape": Entry("应写 'issue: \"2023-02\"' 和文章清单 'articles:'（每项有 title、section、page）", "expected 'issue: \"2023-02\"' and a list 'articles:' of title/section/page entries"),
    "import.entry_needs": Entry("第 {n} 项缺少 title 或 section", "entry {n}: expected title and section"),
    "import.entry_slug": Entry("第 {n} 项的 slug “{slug}”不是小写英文", "entry {n}: slug '{slug}' is not lowercase ASCII"),
    "import.start_not_found": Entry("“{title}”：在原文里找不到起始标题“{start}”；请在清单里加 start: 写明印刷的标题", "'{title}': its start '{start}' was not found in the text; add 'start:' with the heading as printed",
                                    "导入时找不到文章开头。在清单中用 start: 写上原文里的标题行。"),
    "import.slug_twice": Entry("“{title}”：slug “{slug}”在清单里用了两次；请写不同的 slug", "'{title}': slug '{slug}' is used twice in the manifest; add a distinct 'slug:'"),
    "import.nothing_written": Entry("没有写入任何文件：请先解决以上 {n} 个问题（导入要么全部写入，要么一个也不写）", "nothing written: fix the {n} problem(s) above first (an import writes all files or none)",
                                    "导入是“全有或全无”：有任何问题时一个文件也不写，避免只导入一半。"),
    "import.done": Entry("共导入 {n} 篇；请运行 .venv/bin/python scripts/editor.py check 检查", "{n} article(s) imported; run .venv/bin/python scripts/editor.py check"),
    # import: what the raw text itself makes doubtful (refusals: nothing written; warnings: files written)
    "import.at": Entry("{raw} 第{line}行（清单第{n}项 {slug}）：{message}", "{raw}:{line} (manifest entry {n}, {slug}): {message}"),
    "import.warning": Entry("请核对：{message}", "check: {message}"),
    "import.warnings_head": Entry("文件已写入；以下 {n} 处请对照原文核对：", "files written; check these {n} places against the raw text:",
                                  "导入成功，但有些地方工具拿不准（图片说明、重复的字等），请逐条对照原文核对。"),
    "import.unlisted_heading": Entry("“{heading}”像是另一篇文章的开头（{why}），清单里却没有它，它会被并进本篇；请把它加进清单，或给本篇写 end: \"{end}\"（确属本篇时加 --confirm {slug}）",
                                     "'{heading}' looks like the start of another article ({why}) that the manifest does not list; it would be merged into this one; list it, or give this entry end: \"{end}\" (if it does belong here: --confirm {slug})",
                                     "清单没列全：原文里还有别的文章，会被并进前一篇。把那篇加进清单，或用 end: 写明前一篇在哪一行结束。"),
    "import.why_contents": Entry("目录第{line}行列有这一篇", "the CONTENTS lists it on line {line}"),
    "import.why_byline": Entry("紧接着是署名“{byline}”", "a byline '{byline}' follows"),
    "import.why_named": Entry("以资料库里的“{name}”加冒号开头，是人物或机构文章的标题写法", "it starts with the registered name '{name}' and a colon, as titles do"),
    "import.why_section": Entry("是栏目名", "it is a section's name"),
    "import.why_h1": Entry("是一级标题，与文章标题同级", "it is a top-level heading, like article titles"),
    "import.too_long": Entry("“{title}”有 {length} 字，其他文章的中位数只有 {median} 字，很可能并进了清单没列出的文章；请核对原文第{first}—{last}行，补全清单或用 end: 写明它在哪里结束（确实这么长时加 --confirm {slug}）",
                             "'{title}' is {length} characters long where the others' median is {median}; it most likely swallowed articles the manifest does not list; check raw lines {first}–{last}, complete the manifest or add end: (if it really is that long: --confirm {slug})",
                             "某篇文章比其他文章长得多，多半是清单漏列了后面的文章。核对后补全清单；确实很长时加 --confirm 加这篇的 slug。"),
    "import.too_long_alone": Entry("“{title}”有 {length} 字，超过 {limit} 字，很可能并进了清单没列出的文章；请核对原文第{first}—{last}行，补全清单或用 end: 写明它在哪里结束（确实这么长时加 --confirm {slug}）",
                                   "'{title}' is {length} characters long, over {limit}; it most likely swallowed articles the manifest does not list; check raw lines {first}–{last}, complete the manifest or add end: (if it really is that long: --confirm {slug})"),
    "import.back_matter": Entry("“{heading}”是刊物自己的页面（目录、版权页或封底），不属于文章：文章到此为止，后面 {chars} 字没有导入",
                                "'{heading}' is one of the publication's own pages (contents, masthead, back cover): the article ends here, {chars} characters after it are not imported"),
    "import.end_not_found": Entry("清单第{n}项（{slug}）：在它的起始标题之后找不到 end: “{end}”；请照原文写出那一行的开头", "entry {n} ({slug}): end: '{end}' is not found after its start; write the beginning of that line as printed"),
    "import.caption": Entry("“{caption}”像是图片说明，已单独写成〔图略〕说明，没有并进正文", "'{caption}' looks like a photo caption; written as a 〔图略〕 note, not merged into the text",
                            "原文里图片的位置只剩说明文字。工具把它单独写成〔图略〕说明；若其实是正文，删掉〔图略〕和下一行 {: .kx-caption-note }。"),
    "import.caption_last": Entry("“{caption}”像是图片说明，已单独写成〔图略〕说明放在本篇末尾；它紧挨着下一篇“{next}”的标题，若是那一篇的图片，请移过去",
                                 "'{caption}' looks like a photo caption, written as a 〔图略〕 note at the end of this article; it sits right above the next one, '{next}': move it there if the photo is that article's"),
    "import.doubled": Entry("接排处“{twice}”出现两次（“{found}”），多半是印刷分栏时重复的字；可能应为“{fixed}”{registry}", "'{twice}' appears twice where a break was joined ('{found}'), most likely a print doubling; probably '{fixed}'{registry}",
                            "分栏、换页处同一个字印了两遍（如 天天津市科协）。工具不改字，请核对后在文章里删去多余的字。"),
    "import.doubled_name": Entry("（资料库里有“{name}”）", " (the registries know '{name}')"),
    "import.english_word": Entry("中文里夹着英文词“{word}”（“{found}”），多半是转换遗留；可能应为“{fixed}”", "the English word '{word}' sits in Chinese text ('{found}'), most likely left by a conversion; probably '{fixed}'",
                                 "原文转换时留下了英文词（如 行业科协 and 区域企业科协）。核对后改成中文。"),
    "import.confirm_unknown": Entry("--confirm “{slug}”不是清单里的 slug；清单里有：{slugs}", "--confirm '{slug}' is not a slug in the manifest; it has: {slugs}"),
    "import.entry_ref": Entry("清单第{n}项（{slug}）的 {field}：{message}", "entry {n} ({slug}) {field}: {message}"),
    # -- site configuration (mkdocs.yml) and the web editor ------------------------------
    "config.site_url_missing": Entry("mkdocs.yml 的 site_url 没有填写；订阅需要完整网址，例如 site_url: https://qyqx.example.cn/",
                                     "mkdocs.yml: site_url: is missing; feeds need absolute links, e.g. site_url: https://qyqx.example.cn/",
                                     "网站配置缺少网址。由管理员在 mkdocs.yml 里填写 site_url。"),
    "cms.bad_backend": Entry("kexie/cms backend：“{name}”不是支持的代码托管平台；应为 {choices} 之一", "kexie/cms backend: '{name}' is not a supported Git host; expected one of {choices}",
                             "网页编辑器的代码托管平台设置有误（mkdocs.yml 或 KEXIE_CMS_BACKEND）。"),
    "cms.bad_repo": Entry("kexie/cms repo：“{repo}”不是仓库名；应写作 组织/仓库，例如 kexie/qyqx-site", "kexie/cms repo: '{repo}' is not a repository name; expected owner/name, e.g. kexie/qyqx-site"),
    "cms.scripts_missing": Entry("网页编辑器的脚本缺失：{bundle}（或 {yaml_dir}）；请先运行 npm ci（bash scripts/build.sh 会自动运行）",
                                 "the web editor's scripts are missing: {bundle} (or {yaml_dir}); run npm ci first (bash scripts/build.sh does)",
                                 "构建网页编辑器所需的脚本没有安装。运行 npm ci。"),
    "cms.review_unsupported": Entry("kexie/cms：{name} 后端不支持审稿流程（publish_mode: editorial_workflow）；请改用 forgejo、gitlab 或 github 后端，或设 publish_mode: simple",
                                    "kexie/cms: the {name} backend has no editorial workflow (publish_mode: editorial_workflow); use forgejo, gitlab or github, or publish_mode: simple",
                                    "Decap CMS 的 Gitea 后端没有审稿流程。自建服务器请用 Forgejo（或极狐 GitLab），或关闭审稿流程。"),
    # -- the web editor's form (checked in the browser before saving) ----------------
    "form.slug_needed": Entry("新文章要填写网址用词：标题的小写拼音，单词之间用“-”，例如 li-weirong（它就是文件名和网址）",
                              "a new article needs a slug: the title in lowercase pinyin, e.g. li-weirong (it is the file name and the address)",
                              "新建文章时网址用词必填；修改已有文章时可以不填，保持原来的网址。"),
    "form.slug_taken": Entry("网址用词“{slug}”已被另一篇文章使用：{other}（网址 /{url}）；请换一个，例如 {slug}-2",
                             "slug '{slug}' is already used by {other} (address /{url}); choose another, e.g. {slug}-2",
                             "两篇文章不能用同一个网址。给新文章换一个网址用词。"),
    "form.slug_reserved": Entry("网址用词不能是“{slug}”：这个网址留给网站自动生成的页面（期刊目录、新闻列表）；请用标题的拼音",
                                "the slug may not be '{slug}': that address belongs to a generated page (an issue's contents, the news list)",
                                "index 这样的网址用词会和网站自动生成的页面冲突。换成标题的拼音。"),
    "form.page_needed": Entry("“{section}”栏目的杂志文章要填写印刷页码（目录上的页码）；只有封面、封二、封三不填",
                              "articles of '{section}' need their print page; only 封面, 封二 and 封三 have none",
                              "杂志文章要写印刷页码；封面类栏目除外。"),
    "form.ref_in_use": Entry("“{key}”还被 {n} 处引用：{files}；删除或改名会让它们找不到这一条。请先修改这些文章（或条目），再删除或改名",
                             "'{key}' is still referred to {n} time(s): {files}; deleting or renaming it would break them. Change those first",
                             "资料库里的人物、机构、栏目被文章引用时，不能直接删除或改名，否则这些文章无法构建。先改文章，再改资料库。"),
    "form.problems_head": Entry("预览检查发现 {n} 个问题（改正并保存后自动复查；编辑器不受影响）：",
                                "the preview's check found {n} problem(s) (checked again after each save; the editor keeps working):",
                                "网页编辑器顶部的提示：本地预览发现的内容问题。点文件名可直接打开那篇文章改正。"),
    "form.problems_ok": Entry("预览检查通过：内容没有问题", "the preview's check passed", "网页编辑器顶部的提示：内容全部通过检查。"),
    "form.save_refused": Entry("没有保存：{n} 个字段需要改正（见标红的字段）", "not saved: {n} field(s) need fixing (marked in red)",
                               "表格里有标红的字段时不会保存。按字段下方的说明改正后再保存。"),
    # -- the local web editor (bash scripts/editor.sh) ---------------------------------
    "editor.description": Entry("启动本地网页编辑器：预览网站和网页编辑器的存稿服务（decap-server），只在本机可以访问；按 Ctrl+C 同时停止",
                                "start the local web editor: the preview and decap-server, on this computer only; Ctrl+C stops both"),
    "editor.port_help": Entry("预览和网页编辑器的端口（默认 8000）", "port of the preview and the editor (default 8000)"),
    "editor.cms_port_help": Entry("存稿服务 decap-server 的端口（默认 8081）", "port of decap-server (default 8081)"),
    "editor.ready": Entry("本地网页编辑器已启动：{admin}\n网站预览：{site}\n按 Ctrl+C 停止。",
                          "the local web editor is running: {admin}\npreview: {site}\nCtrl+C stops it.",
                          "启动成功。用浏览器打开第一个地址编辑，第二个地址看网站。"),
    "editor.published": Entry("已发布到本地网站目录（提交 {commit}），预览随之更新", "published into this folder (commit {commit}); the preview follows",
                              "在网页编辑器里发布的文章已经写进本地的 content/，预览网站会自动更新。"),
    "editor.stopped": Entry("本地网页编辑器已停止", "the local web editor has stopped"),
    "editor.start_failed": Entry("本地网页编辑器没能启动：预览或 decap-server 没有响应（见上面的输出）；端口可能被占用，可加 --port 8001 --cms-port 8082 再试",
                                 "the local web editor did not start: the preview or decap-server did not answer (see above); a port may be taken, try --port 8001 --cms-port 8082",
                                 "多半是端口被别的程序占用（例如已经开着一个预览）。关掉它，或换端口再试。"),
    "editor.no_git": Entry("这里不是 git 仓库（或没有 {branch} 分支）；本地网页编辑器要在网站仓库的克隆里运行：git clone <仓库地址>，再进入它运行",
                           "not a git repository (or no {branch} branch); run the local web editor in a clone of the site's repository",
                           "本地网页编辑器的每次保存都是一次 git 提交，所以要在用 git clone 得到的网站目录里运行。"),
    "editor.no_decap_server": Entry("缺少 {path}；请先运行 bash scripts/build.sh（会安装网页编辑器所需的软件包）",
                                    "{path} is missing; run bash scripts/build.sh first (it installs the editor's packages)",
                                    "网页编辑器的软件包没有安装。先运行一次 bash scripts/build.sh。"),
    "editor.not_on_branch": Entry("本地网站目录当前不在 {branch} 分支上，发布的内容没有带进来；请切换：git checkout {branch}",
                                  "this folder is not on the {branch} branch; the publication was not brought in: git checkout {branch}",
                                  "有人把本地目录切到了别的分支。切回主分支后，已发布的内容会自动带进来。"),
    "editor.diverged": Entry("本地网站目录和网页编辑器的副本（{clone}）各有对方没有的提交，发布的内容无法自动带进来；请技术负责人合并（git pull {clone} main），之后会自动恢复",
                             "this folder and the editor's clone ({clone}) each have commits the other lacks; publications cannot come in until they are merged (git pull {clone} main)",
                             "有人在本地目录里提交了改动，同时网页编辑器也发布了文章，两边需要合并一次。请懂 git 的同事处理。"),
    "editor.git_failed": Entry("git 操作失败（git {command}）：{detail}；若提到 index.lock，多半是上次异常退出留下的，关掉所有编辑器后删除该文件再试",
                               "git failed (git {command}): {detail}; an index.lock is usually left by a crash: close every editor, delete it and retry",
                               "本地网页编辑器的副本出了问题。提示里有 index.lock 时，删除那个文件后重新启动即可。"),
    "editor.uncommitted": Entry("本地网站目录里有 {n} 个文件是直接改动或新建的，还没有提交：{files}。网页编辑器看不到这些改动（它只编辑已提交的内容），发布时也不会带上它们；请用文本编辑器改好后提交（git add、git commit），或撤销这些改动",
                                "{n} file(s) here were changed or created by hand and not committed: {files}. The web editor does not see them (it edits committed content) and publishing does not take them; commit them (git add, git commit) or undo them",
                                "网页编辑器底部的提示：有人在本地直接改了文件（或用命令新建了文件）还没提交。提交之后，网页编辑器才能看到。"),
    "editor.cannot_merge": Entry("发布的内容没能带进本地网站目录（{detail}）；多半是这里有未提交的同名文件改动：提交或撤销它们后会自动重试",
                                 "the publication could not be brought into this folder ({detail}); uncommitted changes to the same files? commit or undo them",
                                 "本地目录里有人手工改了同一篇文章还没提交。提交或撤销那些改动后，发布的内容会自动带进来。"),
    # -- why the system could not read or write a file (errno) ------------------------
    "oserror.permission": Entry("没有权限", "permission denied"),
    "oserror.missing": Entry("文件或文件夹不存在", "no such file or folder"),
    "oserror.disk_full": Entry("磁盘已满", "the disk is full"),
    "oserror.read_only": Entry("磁盘或文件夹是只读的", "read-only file system"),
    "oserror.io": Entry("磁盘读写出错（磁盘或网络盘故障）", "input/output error (a failing or network disk)"),
    "oserror.is_folder": Entry("这是一个文件夹，不是文件", "is a folder, not a file"),
    "oserror.not_folder": Entry("路径中有一段不是文件夹", "a part of the path is not a folder"),
    "oserror.name_too_long": Entry("文件名太长", "file name too long"),
    "oserror.link_loop": Entry("符号链接绕成了一个圈", "too many levels of symbolic links"),
    "oserror.busy": Entry("文件正被其他程序占用", "the file is busy"),
    "oserror.too_many_open": Entry("同时打开的文件太多", "too many open files"),
    "oserror.exists": Entry("文件已存在", "the file exists"),
    "oserror.other": Entry("系统错误 {code}", "system error {code}"),
    # -- installing (scripts/build.sh and test.sh, through scripts/install.py) ------------
    "install.python": Entry("正在安装 Python 依赖（首次约需 1 分钟）…", "installing the Python packages (about a minute the first time)…",
                            "构建或测试命令第一次运行、或依赖有更新时，先安装所需软件；之后直接开始，不再重复安装。"),
    "install.node": Entry("正在安装网页编辑器所需的 npm 包（首次约需 1 分钟）…", "installing the npm packages of the web editor (about a minute the first time)…",
                          "同上：第一次运行或 package-lock.json 有更新时安装一次。"),
    "install.pypi_unreachable": Entry("安装 Python 依赖失败：连不上 Python 软件包仓库 PyPI（{registry}）。请检查网络连接和代理设置；在中国大陆可改用国内镜像，例如先运行 export PIP_INDEX_URL=https://pypi.tuna.tsinghua.edu.cn/simple 再重试",
                                      "installing the Python packages failed: the package registry PyPI ({registry}) cannot be reached. Check the network connection and proxy settings, or use a mirror (e.g. export PIP_INDEX_URL=https://pypi.tuna.tsinghua.edu.cn/simple) and try again",
                                      "连不上 PyPI。检查网络和代理；在国内可设置 PIP_INDEX_URL 改用清华等国内镜像后重新运行。"),
    "install.npm_unreachable": Entry("安装 npm 包失败：连不上 npm 软件包仓库（{registry}）。请检查网络连接和代理设置；在中国大陆可改用国内镜像，例如先运行 npm config set registry https://registry.npmmirror.com 再重试",
                                     "installing the npm packages failed: the npm registry ({registry}) cannot be reached. Check the network connection and proxy settings, or use a mirror (e.g. npm config set registry https://registry.npmmirror.com) and try again",
                                     "连不上 npm 仓库。检查网络和代理；在国内可用 npm config set registry 改用 npmmirror 等国内镜像后重新运行。"),
    "install.pip_failed": Entry("安装 Python 依赖失败（原因见上面 pip 的英文输出，不是连不上网络）；请把这几行发给技术人员", "installing the Python packages failed (pip's output above says why; not a network problem)",
                                "安装出错但网络正常，多半是项目配置或系统问题。把命令输出发给技术人员。"),
    "install.npm_failed": Entry("安装 npm 包失败（原因见上面 npm 的英文输出，不是连不上网络）；请把这几行发给技术人员", "installing the npm packages failed (npm's output above says why; not a network problem)"),
    "install.venv_failed": Entry("无法创建 Python 虚拟环境（{python} -m venv 失败，原因见上）；在 Debian/Ubuntu 上请先安装 python3-venv", "cannot create the Python virtual environment ({python} -m venv failed, see above); on Debian/Ubuntu install python3-venv"),
    "install.kept": Entry("继续使用已经装好的旧版本（{what}）；网络恢复后再运行一次即可更新", "going on with what is already installed in {what}; run again once the network is back to update it",
                          "依赖更新没有装上，但旧版本还能用，命令照常构建或预览。"),
    "install.cannot_continue": Entry("{what} 里没有可用的旧版本，命令无法继续；解决上面的问题后再运行一次", "there is no working install in {what} to go on with; fix the problem above and run again"),
    # -- preview server -----------------------------------------------------------
    "serve.title": Entry("内容有 {n} 个问题，网站暂时无法预览", "{n} content problem(s): the preview is paused"),
    "serve.intro": Entry("改正下列问题并保存后，本页会自动刷新。", "Fix these and save; this page reloads by itself."),
    "serve.quick": Entry("已更新 {pages} 个页面（{seconds} 秒，只重新生成改动的文章）", "{pages} page(s) updated in {seconds} s (only the edited articles rendered again)",
                         "不是问题：预览只重新生成了改动的文章和显示它们的页面（期刊目录、栏目等），浏览器会自动刷新。"),
    "serve.port_taken": Entry("端口 {port} 已被占用：可能已经开着一个预览或网页编辑器（在它的终端按 Ctrl+C 关掉），或换一个端口：{how}",
                              "port {port} is taken: a preview or web editor may be running already (Ctrl+C in its terminal), or use another port: {how}",
                              "同一个端口只能开一个预览。关掉先开的那个，或换个端口。bash scripts/build.sh serve 换端口写 --dev-addr 127.0.0.1:8001。"),
    "serve.vanished": Entry("{path} 在预览生成时被删除或改名，已按现在的文件重新生成", "{path} was deleted or renamed while the preview was building; building again from the files as they are now",
                            "不是问题：保存或改名时文件短暂消失，预览自动按新的文件重新生成。"),
    # -- one article, every channel: short addresses, QR codes, sitemaps, 公众号 (kexie.channels) ------
    "field.bad_link_id": Entry("写成了“{value}”；短链编号由工具自动生成（6 个小写字母或数字），请不要手改；删掉这一行后运行 .venv/bin/python scripts/editor.py ids 重新生成",
                               "found '{value}'; the short-address id is written by the tools (6 lowercase letters or digits); delete the line and run .venv/bin/python scripts/editor.py ids",
                               "link_id 是印刷二维码所用短网址 /a/编号/ 的编号，由工具写入，一经印刷就不能再改。"),
    "article.link_id_taken": Entry("短链编号“{id}”也写在 {others} 里（复制文件时带过来的）；请删掉新文件里的 link_id 一行，再运行 .venv/bin/python scripts/editor.py ids",
                                   "the short-address id '{id}' is also in {others} (copied with the file); delete the link_id line of the newer file and run .venv/bin/python scripts/editor.py ids",
                                   "两篇文章的二维码会指向同一个网址。保留已印刷的那篇的编号，给另一篇重新生成。"),
    "cli_help.ids": Entry("给还没有短链编号（link_id）的文章写入编号；印刷二维码的短网址 /a/编号/ 靠它，改标题、改网址都不变", "give every article without one a short-address id (link_id): the /a/<id>/ address of its print QR code, kept through title and slug changes"),
    "cli_help.qr": Entry("为一期的每篇文章生成二维码（SVG 和 300dpi PNG）和清单，交给排版", "make the QR codes (SVG and 300-dpi PNG) and a list of one issue's articles for the layout team"),
    "cli_help.qr_out": Entry("二维码放到哪个文件夹（默认 二维码/期号/）", "the folder for the codes (default: 二维码/<issue>/)"),
    "channels.ids_given": Entry("已写入短链编号：{path}（/a/{id}/）", "short-address id written: {path} (/a/{id}/)"),
    "channels.ids_done": Entry("共给 {n} 篇文章写入短链编号；其余 {kept} 篇已有编号，保持不变", "{n} article(s) got a short-address id; {kept} had one already and keep it",
                               "不是问题：ids 命令的结果。已有的编号从不改变（二维码可能已经印出去了）。"),
    "channels.qr_written": Entry("已生成 {n} 个二维码：{folder}（排版用同名 SVG 或 PNG；清单 codes.csv；打印预览 index.html）", "{n} QR code(s) written to {folder} (SVG or PNG for layout; list in codes.csv; sheet index.html)"),
    "channels.qr_missing": Entry("{path} 没有短链编号，没有生成二维码；先运行 .venv/bin/python scripts/editor.py ids", "{path} has no short-address id, no QR code made; run .venv/bin/python scripts/editor.py ids first",
                                 "较早的文章还没有 link_id。运行 ids 命令写入后再生成二维码。"),
    "channels.url_too_long": Entry("网址 {url} 有 {n} 字节，超过百度站点地图的上限 {limit}，没有列入站点地图；请给这篇文章换一个短一些的 slug",
                                   "{url} is {n} bytes, over Baidu's sitemap limit of {limit}; left out of the sitemap: give the article a shorter slug",
                                   "网址太长，百度不收录。把 slug 改短（比如只取标题的前几个词）。"),
    "channels.no_sitemap": Entry("{site} 里没有 sitemap.xml，不列新网址", "no sitemap.xml in {site}; no list of new addresses"),
    "channels.urls_changed": Entry("自上次发布以来新增或改动的网址：{n} 个（共 {total} 个），已写入 {out}", "{n} address(es) new or changed since the last publish (of {total}), written to {out}"),
    "channels.urls_first": Entry("没有找到上次发布的网址清单（第一次发布？），全部 {total} 个网址都算新增，已写入 {out}", "no manifest of the last publish found (a first publish?): all {total} addresses count as new, written to {out}"),
    "channels.push_skipped": Entry("没有设置 BAIDU_PUSH_TOKEN，不向百度推送新网址", "BAIDU_PUSH_TOKEN is not set: no push to Baidu"),
    "channels.push_nothing": Entry("没有新增或改动的网址，不向百度推送", "no new or changed addresses: nothing pushed to Baidu"),
    "channels.push_ok": Entry("已向百度推送 {n} 个网址（今天还可推送 {remain} 个）", "{n} address(es) pushed to Baidu ({remain} left today)"),
    "channels.push_failed": Entry("百度推送没有成功（HTTP {status}：{message}）；网站已发布，不受影响。常见原因：token 错误、site 与百度站长平台登记的不一致、当天额度用完",
                                  "the push to Baidu failed (HTTP {status}: {message}); the site is published all the same. Usual causes: a wrong token, a site not as registered, today's quota used up",
                                  "发布后向百度普通收录接口推送新网址失败。网站本身已经发布；检查 CI 变量 BAIDU_PUSH_TOKEN 和百度搜索资源平台上登记的网址。"),
    "channels.no_site_url": Entry("{path} 里没有 site_url；二维码和分享需要网站的完整网址，例如 site_url: https://qyqx.example.cn/", "{path} has no site_url; QR codes and share cards need the site's address, e.g. site_url: https://qyqx.example.cn/"),
}


def lang() -> str:
    return "en" if os.environ.get(LANG_ENV, "").lower().startswith("en") else "zh"


@dataclass(frozen=True)
class Msg:
    """A catalogue key with its values; ``str()`` renders it in the current language."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def __init__(self, key: str, /, **values: Any):
        if key not in CATALOGUE:
            raise KeyError(f"no message {key!r} in the catalogue")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", tuple((k, _frozen(v)) for k, v in values.items()))

    def __str__(self) -> str:
        return render(self.key, **dict(self.values))


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, (list, set)) else value


def render(key: str, /, **values: Any) -> str:
    zh = lang() == "zh"
    entry = CATALOGUE[key]
    template = entry.zh if zh else entry.en
    return template.format(**{k: _show(v, zh) for k, v in values.items()})


def _show(value: Any, zh: bool) -> str:
    if isinstance(value, tuple):
        return ("、" if zh else ", ").join((f"“{v}”" if zh else f"'{v}'") for v in value)
    return str(value)


def field_label(field: str) -> str:
    """'section' → 'section（栏目）'; 'masthead[1].role' → 'masthead[1].role（职务）'."""
    last = field.rsplit(".", 1)[-1].split("[", 1)[0]
    label = FIELD_LABELS.get(last)
    return render("report.field", field=field, label=label) if label else field


ERRNO_KEYS = {
    "EACCES": "permission", "EPERM": "permission", "ENOENT": "missing", "ENOSPC": "disk_full", "EDQUOT": "disk_full",
    "EROFS": "read_only", "EIO": "io", "EISDIR": "is_folder", "ENOTDIR": "not_folder", "ENAMETOOLONG": "name_too_long",
    "ELOOP": "link_loop", "EBUSY": "busy", "ETXTBSY": "busy", "EMFILE": "too_many_open", "ENFILE": "too_many_open", "EEXIST": "exists",
}


def os_reason(error: BaseException) -> Msg:
    """Why the system refused, in the reader's language (never the C library's English)."""
    import errno

    code = errno.errorcode.get(getattr(error, "errno", None) or 0, "")
    if code in ERRNO_KEYS:
        return Msg(f"oserror.{ERRNO_KEYS[code]}")
    return Msg("oserror.other", code=code or type(error).__name__)


def guide() -> str:
    """The catalogue as a Markdown table for the editors' guide."""
    rows = ["| 提示 | 含义与改法 |", "|---|---|"]
    for key, entry in CATALOGUE.items():
        if entry.help:
            zh, help = (text.replace("|", "｜").replace("\n", " ") for text in (entry.zh, entry.help))
            rows.append(f"| {zh} | {help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(guide())
